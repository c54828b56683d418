import { z } from "zod";
import { ZMailbox } from "./mailbox";

export const ZEmailConfig = z.strictObject({
  host: z.hostname("host must be the SMTP server's host name or IP address"),
  port: z.int().min(1).max(65_535),
  /** true: TLS from the first byte (usually port 465); false: plain, upgraded with STARTTLS when offered (587, 25). */
  secure: z.boolean(),
  /**
   * With `secure: false`, refuse to log in or send unless the server upgrades with
   * STARTTLS, so the password never crosses the network in clear. Only a local test
   * server should turn it off. @defaultValue true
   */
  requireTls: z.boolean().optional(),
  from: ZMailbox,
  replyTo: ZMailbox.optional(),
});
export type TEmailConfig = z.output<typeof ZEmailConfig>;

export const ZEmailSecrets = z.strictObject({
  username: z.string().min(1, "the SMTP username is required"),
  password: z.string().min(1, "the SMTP password is required"),
});
export type TEmailSecrets = z.output<typeof ZEmailSecrets>;
