import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { shopifyGidSchema, ZShopifyMoney } from "../gid";
import { requestShopify } from "../graphql-client";
import { defineShopifyAction } from "./define";

const QUERY = `
  query Order($id: ID!, $after: String) {
    order(id: $id) {
      id name email createdAt displayFinancialStatus displayFulfillmentStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      transactions(first: 20) { id kind status gateway amountSet { shopMoney { amount currencyCode } } parentTransaction { id } }
      lineItems(first: 50, after: $after) {
        nodes { id sku name quantity refundableQuantity originalUnitPriceSet { shopMoney { amount currencyCode } } variant { id inventoryItem { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

const ZShopMoney = z.object({ shopMoney: ZShopifyMoney });
const ZOrderPage = z.object({
  order: z
    .object({
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      createdAt: z.string(),
      displayFinancialStatus: z.string().nullable(),
      displayFulfillmentStatus: z.string(),
      totalPriceSet: ZShopMoney,
      totalRefundedSet: ZShopMoney,
      transactions: z.array(
        z.object({ id: z.string(), kind: z.string(), status: z.string(), gateway: z.string().nullable(), amountSet: ZShopMoney, parentTransaction: z.object({ id: z.string() }).nullable() }),
      ),
      lineItems: z.object({
        nodes: z.array(
          z.object({
            id: z.string(),
            sku: z.string().nullable(),
            name: z.string(),
            quantity: z.int(),
            refundableQuantity: z.int(),
            originalUnitPriceSet: ZShopMoney,
            variant: z.object({ id: z.string(), inventoryItem: z.object({ id: z.string() }) }).nullable(),
          }),
        ),
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      }),
    })
    .nullable(),
});

const ZLineItem = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  name: z.string(),
  quantity: z.int(),
  refundableQuantity: z.int(),
  /** The price a unit sold at, before order-level discounts: what a refund of the line pays back. */
  unitPrice: ZShopifyMoney,
  variantId: z.string().nullable(),
  /** Where the variant's stock is counted, for restocking a returned unit; null when the variant was deleted. */
  inventoryItemId: z.string().nullable(),
});

// 50 line items a page; an order with more than 1000 is not one a workflow refunds line by line.
const MAX_PAGES = 20;

export const getOrder = defineShopifyAction({
  title: "Get an order",
  capability: "orders.read",
  idempotency: "read",
  input: z.object({ orderId: shopifyGidSchema("Order") }),
  output: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    createdAt: z.string(),
    financialStatus: z.string().nullable(),
    fulfillmentStatus: z.string(),
    totalPrice: ZShopifyMoney,
    totalRefunded: ZShopifyMoney,
    lineItems: z.array(ZLineItem),
    /** What a refund's transactions name as parentId: the SALE or CAPTURE to refund against. */
    transactions: z.array(z.object({ id: z.string(), kind: z.string(), status: z.string(), gateway: z.string().nullable(), amount: ZShopifyMoney, parentId: z.string().nullable() })),
  }),
  async run(context, input) {
    const lineItems: z.output<typeof ZLineItem>[] = [];
    let first: NonNullable<z.output<typeof ZOrderPage>["order"]> | undefined;
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { order }: z.output<typeof ZOrderPage> = await requestShopify(context, { operation: "order", query: QUERY, variables: { id: input.orderId, after }, data: ZOrderPage });
      if (!order) throw new NonRetryableError(`Shopify has no order ${input.orderId}`);
      first ??= order;
      lineItems.push(
        ...order.lineItems.nodes.map(({ variant, originalUnitPriceSet, ...item }) => ({
          ...item,
          unitPrice: originalUnitPriceSet.shopMoney,
          variantId: variant?.id ?? null,
          inventoryItemId: variant?.inventoryItem.id ?? null,
        })),
      );
      if (!order.lineItems.pageInfo.hasNextPage) break;
      after = order.lineItems.pageInfo.endCursor;
    }
    if (!first) throw new NonRetryableError(`Shopify has no order ${input.orderId}`);
    return {
      id: first.id,
      name: first.name,
      email: first.email,
      createdAt: first.createdAt,
      financialStatus: first.displayFinancialStatus,
      fulfillmentStatus: first.displayFulfillmentStatus,
      totalPrice: first.totalPriceSet.shopMoney,
      totalRefunded: first.totalRefundedSet.shopMoney,
      lineItems,
      transactions: first.transactions.map((t) => ({ id: t.id, kind: t.kind, status: t.status, gateway: t.gateway, amount: t.amountSet.shopMoney, parentId: t.parentTransaction?.id ?? null })),
    };
  },
});
