import { createHash } from "node:crypto";

/**
 * Square caps idempotency keys per endpoint (45 characters for RefundPayment, 128 for
 * BatchChangeInventory). A longer key is replaced by a hash of it: still the same on
 * every retry, and still distinct for distinct calls.
 */
export function fitIdempotencyKey(key: string, maxLength: number): string {
  if (key.length <= maxLength) return key;
  return createHash("sha256").update(key).digest("base64url").slice(0, maxLength);
}
