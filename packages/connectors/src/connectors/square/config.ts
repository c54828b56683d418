import { z } from "zod";

export const SQUARE_BASE_URLS = { production: "https://connect.squareup.com", sandbox: "https://connect.squareupsandbox.com" } as const;

export const ZSquareConfig = z.strictObject({
  /** @defaultValue "production" */
  environment: z.enum(["production", "sandbox"]).default("production"),
  /** Replaces the environment's URL (the simulator, a proxy). */
  baseUrl: z.url().optional(),
  /** The location actions use when the input names none. */
  locationId: z.string().min(1).optional(),
  /** Sent as Square-Version on every call, so Square's answers keep the shape these actions read. */
  squareVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a Square API version such as 2025-10-16").default("2025-10-16"),
  /** The notification URL registered with Square, which Square signs; defaults to the URL a webhook arrived at (they differ behind a proxy). */
  webhookNotificationUrl: z.url().optional(),
  /**
   * Events whose created_at is further than this from their arrival are refused as stale.
   * Square keeps an event's created_at when it redelivers, so an outage longer than this
   * loses those redeliveries. @defaultValue 300
   */
  webhookToleranceSeconds: z.int().min(30).max(86_400).default(300),
});
export type TSquareConfig = z.output<typeof ZSquareConfig>;

export const ZSquareSecrets = z.strictObject({
  /** Personal or OAuth access token, sent as `Authorization: Bearer …`. */
  accessToken: z.string().min(1),
  /** The webhook subscription's signature key. Needed only to receive webhooks. */
  webhookSignatureKey: z.string().min(1).optional(),
});
export type TSquareSecrets = z.output<typeof ZSquareSecrets>;
