import { z } from "zod";

export const ZTeamsConfig = z.strictObject({
  /** Shown in run history instead of the webhook URL, e.g. "Store ops › Alerts". */
  channelLabel: z.string().min(1).max(80).optional(),
  /** Accept webhook URLs under this base instead of Microsoft's hosts (the simulator). Production connections leave it unset. */
  allowedBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type TTeamsConfig = z.output<typeof ZTeamsConfig>;

/** A Workflows trigger URL carries its signature (`sig=…`), so the whole URL is the secret. */
export const ZTeamsSecrets = z.strictObject({
  webhookUrl: z.url({ protocol: /^https?$/, error: "webhookUrl must be the URL the Teams workflow's webhook trigger showed" }),
});
export type TTeamsSecrets = z.output<typeof ZTeamsSecrets>;
