import { createHash } from "node:crypto";

/**
 * A Message-ID derived from the step's idempotency key: every retry of the step
 * sends the same one, so mail stores and dedup filters can tell it is a repeat.
 * Hashed, because the key names our internal run and step ids.
 */
export function deriveMessageId(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf("@") + 1).toLowerCase();
  return `<${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}.storeflow@${domain}>`;
}
