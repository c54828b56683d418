import { NonRetryableError, RetryableError } from "@storeflow/engine";
import { z } from "zod";

export const ZShopifyUserError = z.object({
  field: z.array(z.string()).nullish(),
  message: z.string(),
  code: z.string().nullish(),
});
export type TShopifyUserError = z.output<typeof ZShopifyUserError>;

/**
 * A mutation that answered userErrors changed nothing. Shopify asks for a retry only
 * when the same idempotency key is still being worked on; every other refusal (a stale
 * changeFromQuantity, an unknown item, a key reused with other arguments) would repeat.
 */
export function throwOnUserErrors(operation: string, userErrors: readonly TShopifyUserError[]): void {
  if (userErrors.length === 0) return;
  const detail = userErrors.map((e) => `${e.field?.join(".") || "input"}: ${e.message}${e.code ? ` (${e.code})` : ""}`).join("; ");
  const message = `Shopify ${operation} refused: ${detail}`;
  if (userErrors.some((e) => e.code === "IDEMPOTENCY_CONCURRENT_REQUEST")) throw new RetryableError(message);
  throw new NonRetryableError(message);
}

/**
 * The `@idempotent` directive with the key inlined, as Shopify documents it; JSON string
 * syntax is valid GraphQL string syntax, so JSON.stringify escapes the key safely.
 */
export function idempotentDirective(key: string): string {
  return `@idempotent(key: ${JSON.stringify(key)})`;
}
