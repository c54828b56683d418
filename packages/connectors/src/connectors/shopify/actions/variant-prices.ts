import { z } from "zod";
import { shopifyGidSchema, ZShopifyAmount } from "../gid";
import { requestShopify } from "../graphql-client";
import { throwOnUserErrors, ZShopifyUserError } from "../user-errors";
import { defineShopifyAction } from "./define";
import { skuQuery } from "./get-variants-by-sku";

const QUERY = `
  query VariantPrices($query: String!, $first: Int!, $after: String) {
    productVariants(first: $first, after: $after, query: $query) {
      nodes { id sku price compareAtPrice product { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const MUTATION = `
  mutation UpdateVariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants { id sku price compareAtPrice product { id } }
      userErrors { field message code }
    }
  }
`;

const ZRawVariant = z.object({ id: z.string(), sku: z.string().nullable(), price: z.string(), compareAtPrice: z.string().nullable(), product: z.object({ id: z.string() }) });
type TRawVariant = z.output<typeof ZRawVariant>;

const ZVariantPrice = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  productId: z.string(),
  /** Decimal string in the shop's currency, e.g. "19.99". */
  price: z.string(),
  /** The struck-through "was" price; null when the variant is not on sale. */
  compareAtPrice: z.string().nullable(),
});

const toPrice = (v: TRawVariant) => ({ id: v.id, sku: v.sku, productId: v.product.id, price: v.price, compareAtPrice: v.compareAtPrice });

// A page sized to the SKUs asked for (search also returns near matches) keeps the query cost low; this bounds the pages.
const MAX_PAGES = 10;

export const getVariantPrices = defineShopifyAction({
  title: "Read variant prices by SKU",
  capability: "catalog.read",
  idempotency: "read",
  input: z.object({ skus: z.array(z.string().min(1).max(255)).min(1).max(100) }),
  /** Every variant carrying one of the SKUs (Shopify lets several share one); unknown SKUs are left out. */
  output: z.object({ variants: z.array(ZVariantPrice) }),
  async run(context, input) {
    const found: TRawVariant[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: { productVariants: { nodes: TRawVariant[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await requestShopify(context, {
        operation: "productVariants",
        query: QUERY,
        variables: { query: input.skus.map(skuQuery).join(" OR "), first: Math.min(250, input.skus.length * 2), after },
        data: z.object({ productVariants: z.object({ nodes: z.array(ZRawVariant), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }) }) }),
      });
      found.push(...data.productVariants.nodes);
      after = data.productVariants.pageInfo.endCursor;
      if (!data.productVariants.pageInfo.hasNextPage) break;
    }
    // Search is tokenised, so near matches come back too: keep exact SKUs only.
    return { variants: found.filter((v) => v.sku !== null && input.skus.includes(v.sku)).map(toPrice) };
  },
});

const ZPriceChange = z.object({
  productId: shopifyGidSchema("Product"),
  id: shopifyGidSchema("ProductVariant"),
  price: ZShopifyAmount,
  /** Null takes the variant off sale; left out, the compare-at price stays as it is. */
  compareAtPrice: ZShopifyAmount.nullable().optional(),
});

export const setVariantPrices = defineShopifyAction({
  title: "Set variant prices",
  capability: "catalog.prices.write",
  // Prices are absolute, so a repeat sets the same values; Shopify documents no @idempotent
  // support for productVariantsBulkUpdate (only inventory and refund mutations take it).
  idempotency: "natural",
  /** An empty list changes nothing, so a caller can pass "whatever is left to change". */
  input: z.object({ variants: z.array(ZPriceChange).max(250) }),
  output: z.object({ variants: z.array(ZVariantPrice) }),
  async run(context, input) {
    // The mutation takes one product's variants at a time. A failure part-way leaves the
    // products before it changed: a retry sets them again, to the same values.
    const byProduct = new Map<string, typeof input.variants>();
    for (const change of input.variants) byProduct.set(change.productId, [...(byProduct.get(change.productId) ?? []), change]);
    const updated: TRawVariant[] = [];
    for (const [productId, changes] of byProduct) {
      const data = await requestShopify(context, {
        operation: "productVariantsBulkUpdate",
        query: MUTATION,
        variables: { productId, variants: changes.map(({ id, price, compareAtPrice }) => ({ id, price, ...(compareAtPrice !== undefined ? { compareAtPrice } : {}) })) },
        data: z.object({ productVariantsBulkUpdate: z.object({ productVariants: z.array(ZRawVariant).nullable(), userErrors: z.array(ZShopifyUserError) }) }),
      });
      throwOnUserErrors("productVariantsBulkUpdate", data.productVariantsBulkUpdate.userErrors);
      updated.push(...(data.productVariantsBulkUpdate.productVariants ?? []));
    }
    return { variants: updated.map(toPrice) };
  },
});
