import { z } from "zod";

export const ZShipBobConfig = z.strictObject({
  /** The channel with write scopes that our orders and returns belong to (GET /channel). */
  channelId: z.int().positive(),
  /** https://api.shipbob.com, or https://sandbox-api.shipbob.com for a sandbox account (or the simulator). */
  baseUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .refine((value) => {
      const url = new URL(value);
      return !url.search && !url.hash && !url.username && !url.password;
    }, "cannot carry a query, fragment or credentials")
    .default("https://api.shipbob.com"),
});
export type TShipBobConfig = z.output<typeof ZShipBobConfig>;

export const ZShipBobSecrets = z.strictObject({
  /** A Personal Access Token (Integrations > API Tokens), sent as a bearer token. */
  personalAccessToken: z.string().min(1),
  /** The `whsec_…` signing secret of our webhook subscription. */
  webhookSecret: z.string().startsWith("whsec_").optional(),
});
export type TShipBobSecrets = z.output<typeof ZShipBobSecrets>;
