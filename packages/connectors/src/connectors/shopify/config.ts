import { z } from "zod";

/**
 * The first stable version whose inventory and refund mutations take `@idempotent(key:)`;
 * without it a retried refund could be issued twice, so older versions are refused.
 */
export const SHOPIFY_MIN_API_VERSION = "2026-01";

export const ZShopifyConfig = z.strictObject({
  /** The shop's permanent domain, e.g. "acme.myshopify.com". */
  shopDomain: z
    .string()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "expected the shop's *.myshopify.com domain"),
  /** A stable Admin API version, YYYY-01/04/07/10, from 2026-01 on. */
  apiVersion: z
    .string()
    .regex(/^\d{4}-(01|04|07|10)$/, "expected a stable API version such as 2026-01")
    .refine((version) => version >= SHOPIFY_MIN_API_VERSION, `API versions before ${SHOPIFY_MIN_API_VERSION} lack the @idempotent directive`)
    .default(SHOPIFY_MIN_API_VERSION),
  /** Replaces https://<shopDomain> (the simulator, a proxy). */
  baseUrl: z.url().optional(),
});
export type TShopifyConfig = z.output<typeof ZShopifyConfig>;

export const ZShopifySecrets = z.strictObject({
  /** Admin API access token (shpat_…), sent as X-Shopify-Access-Token. */
  accessToken: z.string().min(1),
  /** The app's client secret: Shopify signs webhooks with it. Needed only to receive webhooks. */
  clientSecret: z.string().min(1).optional(),
});
export type TShopifySecrets = z.output<typeof ZShopifySecrets>;
