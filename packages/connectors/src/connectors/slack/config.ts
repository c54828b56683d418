import { z } from "zod";

export const ZSlackConfig = z.strictObject({
  /** Shown in run history instead of the webhook URL, e.g. "#store-alerts". */
  channelLabel: z.string().min(1).max(80).optional(),
  /**
   * Accept webhook URLs under this base instead of https://hooks.slack.com/services/
   * (the simulator, a test relay). Production connections leave it unset.
   */
  allowedBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type TSlackConfig = z.output<typeof ZSlackConfig>;

/** The incoming webhook URL carries its own credential, so the whole URL is the secret. */
export const ZSlackSecrets = z.strictObject({
  webhookUrl: z.url({ protocol: /^https?$/, error: "webhookUrl must be the incoming webhook URL Slack showed, https://hooks.slack.com/services/…" }),
});
export type TSlackSecrets = z.output<typeof ZSlackSecrets>;
