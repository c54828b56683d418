import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction, type TActionContext } from "../../sdk/connector";
import { httpError } from "../../sdk/errors";
import { readCappedText } from "../http/read-body";
import { buildAdaptiveCardMessage } from "./adaptive-card";
import { type TTeamsConfig, type TTeamsSecrets } from "./config";
import { describeTeamsError, findEmbeddedStatus } from "./teams-errors";
import { checkTeamsWebhookUrl } from "./webhook-url";

// Teams refuses webhook messages larger than 28 KB.
const MAX_MESSAGE_BYTES = 28 * 1024;
const MAX_REPLY_BYTES = 4096;

export const ZTeamsPostMessageInput = z.strictObject({
  title: z.string().trim().min(1, "title is required").max(200),
  text: z.string().trim().min(1, "text is required").max(20_000),
  facts: z
    .array(z.strictObject({ title: z.string().trim().min(1).max(100), value: z.string().max(1000) }))
    .max(20, "at most 20 facts fit a card")
    .optional(),
  link: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: "link.url must be an http(s) URL" }),
      title: z.string().trim().min(1).max(80).default("Open"),
    })
    .optional(),
});

export const ZTeamsPostMessageOutput = z.strictObject({
  ok: z.literal(true),
  status: z.int(),
  channelLabel: z.string().optional(),
});

export const postMessageAction = defineAction({
  title: "Post a Teams card",
  capability: "chat.message.post",
  // Teams webhooks keep no idempotency key: a retry after a lost answer can post
  // twice, which for a notification is accepted rather than dropping the message.
  idempotency: "natural",
  input: ZTeamsPostMessageInput,
  output: ZTeamsPostMessageOutput,
  async run(context: TActionContext<TTeamsConfig, TTeamsSecrets>, input) {
    const url = checkTeamsWebhookUrl(context.secrets.webhookUrl, context.config.allowedBaseUrl);
    const body = JSON.stringify(buildAdaptiveCardMessage(input));
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw new NonRetryableError(`Teams: the card is ${Buffer.byteLength(body)} bytes; Teams accepts at most 28 KB`);
    const response = await context.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      redirect: "error",
      signal: context.signal,
    });
    const { text } = await readCappedText(response, MAX_REPLY_BYTES);
    const embedded = response.ok ? findEmbeddedStatus(text) : undefined;
    if (!response.ok || embedded !== undefined) {
      const failed = embedded === undefined ? response : new Response(null, { status: embedded, headers: response.headers });
      throw httpError("Teams", failed, describeTeamsError(text));
    }
    return { ok: true as const, status: response.status, ...(context.config.channelLabel ? { channelLabel: context.config.channelLabel } : {}) };
  },
});
