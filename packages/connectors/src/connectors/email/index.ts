import { defineConnector } from "../../sdk/connector";
import { ZEmailConfig, ZEmailSecrets } from "./config";
import { createSendAction } from "./send-action";
import { classifySmtpError } from "./smtp-error";
import { type TResolveHostAllowed } from "./smtp-socket";
import { withSmtpTransport } from "./smtp-transport";

export { ZEmailConfig, ZEmailSecrets, type TEmailConfig, type TEmailSecrets } from "./config";
export { ZSendEmailInput, ZSendEmailOutput } from "./send-action";
export { deriveMessageId } from "./message-id";
export { type TResolveHostAllowed } from "./smtp-socket";

/** Options for {@link createEmailConnector}. */
export interface CreateEmailConnectorOptions {
  /**
   * Runs before every SMTP connection. nodemailer opens its own socket, out of reach
   * of the SSRF-guarded fetch, so this is where the worker refuses private hosts;
   * returning the vetted IP makes the connection go exactly there.
   * @defaultValue no check
   */
  resolveHostAllowed?: TResolveHostAllowed;
}

/** Sends mail through the partner's own SMTP server (SMTP AUTH with username and password). */
export function createEmailConnector({ resolveHostAllowed }: CreateEmailConnectorOptions = {}) {
  return defineConnector({
    key: "email",
    name: "E-mail (SMTP)",
    version: "1.0.0",
    category: "messaging",
    auth: "basic",
    config: ZEmailConfig,
    secrets: ZEmailSecrets,
    actions: { send: createSendAction({ resolveHostAllowed }) },
    /** Connects, upgrades to TLS and logs in, sending nothing. */
    async health({ config, secrets, signal }) {
      try {
        await withSmtpTransport({ config, secrets, signal, resolveHostAllowed }, (transport) => transport.verify());
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: classifySmtpError(error, `${config.host}:${config.port}`).message };
      }
    },
  });
}

/** The e-mail connector without a host check; the worker should register `createEmailConnector({ resolveHostAllowed })`. */
export const emailConnector = createEmailConnector();
