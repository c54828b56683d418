import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction, type TActionContext } from "../../sdk/connector";
import { type TEmailConfig, type TEmailSecrets } from "./config";
import { parseMailbox, type TMailbox } from "./mailbox";
import { deriveMessageId } from "./message-id";
import { classifySmtpError } from "./smtp-error";
import { type TResolveHostAllowed } from "./smtp-socket";
import { withSmtpTransport } from "./smtp-transport";

const MAX_RECIPIENTS = 50;
const ZRecipients = z
  .union([z.email("not an e-mail address"), z.array(z.email("not an e-mail address")).min(1).max(MAX_RECIPIENTS)])
  .transform((value) => (Array.isArray(value) ? value : [value]));

export const ZSendEmailInput = z
  .strictObject({
    to: ZRecipients,
    cc: ZRecipients.optional(),
    subject: z.string().trim().min(1, "subject is required").max(250).regex(/^[^\r\n]*$/, "subject must be one line"),
    text: z.string().min(1, "text is required: it is what plain-text mail clients show").max(1_000_000),
    html: z.string().max(2_000_000).optional(),
  })
  .refine((input) => input.to.length + (input.cc?.length ?? 0) <= MAX_RECIPIENTS, { message: `at most ${MAX_RECIPIENTS} recipients in to and cc together`, path: ["cc"] });

export const ZSendEmailOutput = z.strictObject({
  messageId: z.string(),
  accepted: z.array(z.string()),
  rejected: z.array(z.string()),
});

function requireMailbox(value: string, field: string): TMailbox {
  const mailbox = parseMailbox(value);
  if (!mailbox) throw new NonRetryableError(`e-mail connection: ${field} is not an e-mail address`);
  return mailbox;
}

function addressesOf(list: (string | { address: string })[]): string[] {
  return list.map((entry) => (typeof entry === "string" ? entry : entry.address));
}

/** Options for {@link createSendAction}. */
export interface CreateSendActionOptions {
  /** The SSRF pre-check for the SMTP host, which fetch's guard cannot cover. */
  resolveHostAllowed?: TResolveHostAllowed;
}

export function createSendAction({ resolveHostAllowed }: CreateSendActionOptions) {
  return defineAction({
    title: "Send an e-mail",
    capability: "email.send",
    idempotency: "key",
    input: ZSendEmailInput,
    output: ZSendEmailOutput,
    async run(context: TActionContext<TEmailConfig, TEmailSecrets>, input) {
      const { config } = context;
      const from = requireMailbox(config.from, "from");
      const replyTo = config.replyTo ? requireMailbox(config.replyTo, "replyTo") : undefined;
      const messageId = deriveMessageId(context.idempotencyKey, from.address);
      try {
        const info = await withSmtpTransport({ config, secrets: context.secrets, signal: context.signal, resolveHostAllowed }, (transport) =>
          transport.sendMail({ from, replyTo, to: input.to, cc: input.cc, subject: input.subject, text: input.text, html: input.html, messageId }),
        );
        return { messageId: info.messageId, accepted: addressesOf(info.accepted), rejected: addressesOf(info.rejected) };
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        throw classifySmtpError(error, `${config.host}:${config.port}`);
      }
    },
  });
}
