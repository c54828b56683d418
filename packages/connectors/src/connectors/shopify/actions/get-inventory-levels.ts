import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { shopifyGidSchema } from "../gid";
import { requestShopify } from "../graphql-client";
import { defineShopifyAction } from "./define";

const QUERY = `
  query InventoryLevels($id: ID!, $names: [String!]!, $after: String) {
    inventoryItem(id: $id) {
      id sku
      inventoryLevels(first: 50, after: $after) {
        nodes { updatedAt location { id name } quantities(names: $names) { name quantity } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

const ZLevelsPage = z.object({
  inventoryItem: z
    .object({
      id: z.string(),
      sku: z.string().nullable(),
      inventoryLevels: z.object({
        nodes: z.array(
          z.object({
            updatedAt: z.string(),
            location: z.object({ id: z.string(), name: z.string() }),
            quantities: z.array(z.object({ name: z.string(), quantity: z.int() })),
          }),
        ),
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      }),
    })
    .nullable(),
});

// A shop has at most a few hundred locations; this bounds a misbehaving cursor.
const MAX_PAGES = 20;

const ZQuantityName = z.enum(["available", "on_hand", "committed", "incoming", "reserved", "damaged", "safety_stock", "quality_control"]);

export const getInventoryLevels = defineShopifyAction({
  title: "Get inventory levels of an inventory item",
  capability: "inventory.read",
  idempotency: "read",
  input: z.object({
    inventoryItemId: shopifyGidSchema("InventoryItem"),
    /** Only these locations; all of them when absent. */
    locationIds: z.array(shopifyGidSchema("Location")).min(1).optional(),
    names: z.array(ZQuantityName).min(1).default(["available", "on_hand"]),
  }),
  output: z.object({
    inventoryItemId: z.string(),
    sku: z.string().nullable(),
    levels: z.array(z.object({ locationId: z.string(), locationName: z.string(), updatedAt: z.string(), quantities: z.record(z.string(), z.int()) })),
  }),
  async run(context, input) {
    const levels: { locationId: string; locationName: string; updatedAt: string; quantities: Record<string, number> }[] = [];
    let after: string | null = null;
    let sku: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: z.output<typeof ZLevelsPage> = await requestShopify(context, { operation: "inventoryItem", query: QUERY, variables: { id: input.inventoryItemId, names: input.names, after }, data: ZLevelsPage });
      const item = data.inventoryItem;
      if (!item) throw new NonRetryableError(`Shopify has no inventory item ${input.inventoryItemId}`);
      sku = item.sku;
      for (const node of item.inventoryLevels.nodes) {
        if (input.locationIds && !input.locationIds.includes(node.location.id)) continue;
        levels.push({ locationId: node.location.id, locationName: node.location.name, updatedAt: node.updatedAt, quantities: Object.fromEntries(node.quantities.map((q) => [q.name, q.quantity])) });
      }
      if (!item.inventoryLevels.pageInfo.hasNextPage) break;
      after = item.inventoryLevels.pageInfo.endCursor;
    }
    return { inventoryItemId: input.inventoryItemId, sku, levels };
  },
});
