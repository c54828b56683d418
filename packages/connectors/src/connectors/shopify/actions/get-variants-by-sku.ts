import { z } from "zod";
import { requestShopify } from "../graphql-client";
import { defineShopifyAction } from "./define";

const QUERY = `
  query VariantsBySku($query: String!, $first: Int!) {
    productVariants(first: $first, query: $query) {
      nodes { id sku title price inventoryQuantity product { id title } inventoryItem { id } }
    }
  }
`;

const ZVariant = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  title: z.string(),
  price: z.string(),
  inventoryQuantity: z.int().nullable(),
  product: z.object({ id: z.string(), title: z.string() }),
  inventoryItem: z.object({ id: z.string() }),
});

// Shopify search syntax: a quoted value with `\` and `"` escaped.
export function skuQuery(sku: string): string {
  return `sku:"${sku.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export const getVariantsBySku = defineShopifyAction({
  title: "Get product variants by SKU",
  capability: "catalog.read",
  idempotency: "read",
  input: z.object({ sku: z.string().min(1).max(255), first: z.int().min(1).max(50).default(10) }),
  output: z.object({
    variants: z.array(
      z.object({
        id: z.string(),
        sku: z.string(),
        title: z.string(),
        price: z.string(),
        productId: z.string(),
        productTitle: z.string(),
        inventoryItemId: z.string(),
        /** Available units summed over locations; null when Shopify does not track the item. */
        inventoryQuantity: z.int().nullable(),
      }),
    ),
  }),
  async run(context, input) {
    const data = await requestShopify(context, {
      operation: "productVariants",
      query: QUERY,
      variables: { query: skuQuery(input.sku), first: input.first },
      data: z.object({ productVariants: z.object({ nodes: z.array(ZVariant) }) }),
    });
    // Search is tokenised, so near matches come back too: keep exact SKUs only.
    const variants = data.productVariants.nodes.filter((v) => v.sku === input.sku);
    return {
      variants: variants.map((v) => ({
        id: v.id,
        sku: input.sku,
        title: v.title,
        price: v.price,
        productId: v.product.id,
        productTitle: v.product.title,
        inventoryItemId: v.inventoryItem.id,
        inventoryQuantity: v.inventoryQuantity,
      })),
    };
  },
});
