import { z } from "zod";
import { shopifyGidSchema } from "../gid";
import { requestShopify } from "../graphql-client";
import { idempotentDirective, throwOnUserErrors } from "../user-errors";
import { defineShopifyAction } from "./define";
import { INVENTORY_PAYLOAD_SELECTION, toInventoryChanges, ZInventoryChangesOutput, ZInventoryPayload } from "./inventory-changes";

function mutation(idempotencyKey: string): string {
  return `
    mutation AdjustQuantities($input: InventoryAdjustQuantitiesInput!) {
      inventoryAdjustQuantities(input: $input) ${idempotentDirective(idempotencyKey)} { ${INVENTORY_PAYLOAD_SELECTION} }
    }
  `;
}

export const adjustInventoryQuantities = defineShopifyAction({
  title: "Adjust inventory quantities",
  capability: "inventory.adjust",
  idempotency: "key",
  input: z.object({
    name: z.enum(["available", "damaged", "incoming", "quality_control", "reserved", "safety_stock"]).default("available"),
    reason: z.string().min(1).default("correction"),
    referenceDocumentUri: z.string().min(1).optional(),
    changes: z
      .array(
        z.object({
          inventoryItemId: shopifyGidSchema("InventoryItem"),
          locationId: shopifyGidSchema("Location"),
          delta: z.int().refine((delta) => delta !== 0, "a delta of 0 changes nothing"),
          /** Compare-and-swap: the quantity expected before the change; null skips the check. */
          changeFromQuantity: z.int().nullable().default(null),
          /** Required by Shopify for every quantity name but `available`. */
          ledgerDocumentUri: z.string().min(1).optional(),
        }),
      )
      .min(1)
      .max(250),
  }),
  output: ZInventoryChangesOutput,
  async run(context, input) {
    const data = await requestShopify(context, {
      operation: "inventoryAdjustQuantities",
      query: mutation(context.idempotencyKey),
      variables: { input },
      data: z.object({ inventoryAdjustQuantities: ZInventoryPayload }),
    });
    throwOnUserErrors("inventoryAdjustQuantities", data.inventoryAdjustQuantities.userErrors);
    return toInventoryChanges(data.inventoryAdjustQuantities);
  },
});
