import { z } from "zod";
import { shopifyGidSchema } from "../gid";
import { requestShopify } from "../graphql-client";
import { idempotentDirective, throwOnUserErrors } from "../user-errors";
import { defineShopifyAction } from "./define";
import { INVENTORY_PAYLOAD_SELECTION, toInventoryChanges, ZInventoryChangesOutput, ZInventoryPayload } from "./inventory-changes";

function mutation(idempotencyKey: string): string {
  return `
    mutation SetQuantities($input: InventorySetQuantitiesInput!) {
      inventorySetQuantities(input: $input) ${idempotentDirective(idempotencyKey)} { ${INVENTORY_PAYLOAD_SELECTION} }
    }
  `;
}

export const setInventoryQuantities = defineShopifyAction({
  title: "Set inventory quantities",
  capability: "inventory.set",
  // An absolute level is naturally repeatable, but the compare-and-swap would fail a
  // retry after a lost answer; the idempotency key returns the first answer instead.
  idempotency: "key",
  input: z.object({
    name: z.enum(["available", "on_hand"]).default("available"),
    reason: z.string().min(1).default("correction"),
    referenceDocumentUri: z.string().min(1).optional(),
    quantities: z
      .array(
        z.object({
          inventoryItemId: shopifyGidSchema("InventoryItem"),
          locationId: shopifyGidSchema("Location"),
          quantity: z.int(),
          /** Compare-and-swap: the quantity expected before the change; null skips the check. */
          changeFromQuantity: z.int().nullable().default(null),
        }),
      )
      .min(1)
      .max(250),
  }),
  output: ZInventoryChangesOutput,
  async run(context, input) {
    const data = await requestShopify(context, {
      operation: "inventorySetQuantities",
      query: mutation(context.idempotencyKey),
      // changeFromQuantity is always sent, null included: 2026-04 on refuses a quantity without it.
      variables: { input },
      data: z.object({ inventorySetQuantities: ZInventoryPayload }),
    });
    throwOnUserErrors("inventorySetQuantities", data.inventorySetQuantities.userErrors);
    return toInventoryChanges(data.inventorySetQuantities);
  },
});
