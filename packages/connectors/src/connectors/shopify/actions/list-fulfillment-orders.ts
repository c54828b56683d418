import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { shopifyGidSchema } from "../gid";
import { requestShopify } from "../graphql-client";
import { defineShopifyAction } from "./define";

// Line items per fulfillment order are capped at 25 here to keep the query cost low; the
// output says when a fulfillment order has more.
const QUERY = `
  query FulfillmentOrders($id: ID!, $after: String) {
    order(id: $id) {
      fulfillmentOrders(first: 10, after: $after) {
        nodes {
          id status
          assignedLocation { name location { id } }
          lineItems(first: 25) { nodes { id sku totalQuantity remainingQuantity lineItem { id } } pageInfo { hasNextPage } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

const ZPage = z.object({
  order: z
    .object({
      fulfillmentOrders: z.object({
        nodes: z.array(
          z.object({
            id: z.string(),
            status: z.string(),
            assignedLocation: z.object({ name: z.string(), location: z.object({ id: z.string() }).nullable() }),
            lineItems: z.object({
              nodes: z.array(z.object({ id: z.string(), sku: z.string().nullable(), totalQuantity: z.int(), remainingQuantity: z.int(), lineItem: z.object({ id: z.string() }) })),
              pageInfo: z.object({ hasNextPage: z.boolean() }),
            }),
          }),
        ),
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      }),
    })
    .nullable(),
});

const MAX_PAGES = 10;

const ZFulfillmentOrder = z.object({
  id: z.string(),
  status: z.string(),
  locationId: z.string().nullable(),
  locationName: z.string(),
  lineItems: z.array(z.object({ id: z.string(), lineItemId: z.string(), sku: z.string().nullable(), totalQuantity: z.int(), remainingQuantity: z.int() })),
  /** More than 25 line items: the rest are not listed. */
  lineItemsTruncated: z.boolean(),
});

export const listFulfillmentOrders = defineShopifyAction({
  title: "List the fulfillment orders of an order",
  capability: "fulfillment.read",
  idempotency: "read",
  input: z.object({ orderId: shopifyGidSchema("Order") }),
  output: z.object({ fulfillmentOrders: z.array(ZFulfillmentOrder) }),
  async run(context, input) {
    const fulfillmentOrders: z.output<typeof ZFulfillmentOrder>[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { order }: z.output<typeof ZPage> = await requestShopify(context, { operation: "order.fulfillmentOrders", query: QUERY, variables: { id: input.orderId, after }, data: ZPage });
      if (!order) throw new NonRetryableError(`Shopify has no order ${input.orderId}`);
      for (const fo of order.fulfillmentOrders.nodes) {
        fulfillmentOrders.push({
          id: fo.id,
          status: fo.status,
          locationId: fo.assignedLocation.location?.id ?? null,
          locationName: fo.assignedLocation.name,
          lineItems: fo.lineItems.nodes.map(({ lineItem, ...item }) => ({ ...item, lineItemId: lineItem.id })),
          lineItemsTruncated: fo.lineItems.pageInfo.hasNextPage,
        });
      }
      if (!order.fulfillmentOrders.pageInfo.hasNextPage) break;
      after = order.fulfillmentOrders.pageInfo.endCursor;
    }
    return { fulfillmentOrders };
  },
});
