import { z } from "zod";

/**
 * An id of Shopify resource `type`, as a GID. Accepts the GID itself or the numeric id
 * REST payloads and webhooks carry (`inventory_item_id: 808950810`).
 */
export function shopifyGidSchema(type: string) {
  const pattern = new RegExp(`^gid://shopify/${type}/\\d+$`);
  return z.union([z.int().positive(), z.string().min(1)]).transform((value, context) => {
    const text = String(value);
    if (/^\d+$/.test(text)) return `gid://shopify/${type}/${text}`;
    if (pattern.test(text)) return text;
    context.addIssue({ code: "custom", message: `expected a Shopify ${type} id: 123 or gid://shopify/${type}/123` });
    return z.NEVER;
  });
}

/** A decimal amount as Shopify's Money scalar takes it: "12.50". */
export const ZShopifyAmount = z.string().regex(/^\d+(\.\d+)?$/, "expected a decimal amount such as 12.50");

export const ZShopifyMoney = z.object({ amount: z.string(), currencyCode: z.string() });
