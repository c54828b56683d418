import { createHash } from "node:crypto";

/**
 * Business Central has no idempotency-key header, so a create is made repeatable by
 * writing a marker derived from the step's idempotency key into a free-text field
 * the API lets us filter or read back, and looking for it before creating.
 *
 * The key (run:step:iteration) is longer than those fields (35 characters for
 * external document numbers, 20 for journal document numbers), so the marker is a
 * prefix plus the leading hex of its SHA-256: 18 hex digits already make an
 * accidental collision within one company's documents vanishingly unlikely.
 */
export function idempotencyMarker(idempotencyKey: string, length: number): string {
  const digest = createHash("sha256").update(idempotencyKey).digest("hex").toUpperCase();
  return `SF${digest.slice(0, length - 2)}`;
}
