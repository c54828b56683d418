import { createHash } from "node:crypto";

/**
 * The `webhook-id` for a delivery: a hash of the step's idempotency key, so every
 * retry of the step sends the same id and the consumer can drop the repeat.
 * base64url has no "." — the spec forbids it because the id is part of the signed string.
 */
export function deriveWebhookId(idempotencyKey: string): string {
  return `msg_${createHash("sha256").update(idempotencyKey).digest().subarray(0, 20).toString("base64url")}`;
}
