import { z } from "zod";

export const ZOutboundWebhookConfig = z.strictObject({
  /** The customer's endpoint; every delivery is a POST here. */
  url: z
    .url({ protocol: /^https?$/, error: "url must be the endpoint's http(s) URL" })
    .refine((value) => {
      const url = new URL(value);
      return !url.username && !url.password;
    }, "url cannot carry credentials; endpoints verify the signature instead"),
});
export type TOutboundWebhookConfig = z.output<typeof ZOutboundWebhookConfig>;

function decodedSecretLength(secret: string): number | undefined {
  const encoded = secret.slice("whsec_".length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  return Buffer.from(encoded, "base64").length;
}

/** Standard Webhooks: a random 24–64 byte key, base64, prefixed `whsec_`. */
export const ZOutboundWebhookSecrets = z.strictObject({
  signingSecret: z
    .string()
    .startsWith("whsec_", "signingSecret must be a Standard Webhooks secret starting with whsec_")
    .refine((secret) => {
      const length = decodedSecretLength(secret);
      return length !== undefined && length >= 24 && length <= 64;
    }, "signingSecret must be whsec_ followed by base64 of 24 to 64 random bytes"),
});
export type TOutboundWebhookSecrets = z.output<typeof ZOutboundWebhookSecrets>;
