import { z } from "zod";
import { ZShopifyUserError } from "../user-errors";

/** The selection both inventory mutations answer with. */
export const INVENTORY_PAYLOAD_SELECTION = `
  inventoryAdjustmentGroup { id changes { name delta quantityAfterChange item { id } location { id } } }
  userErrors { field message code }
`;

export const ZInventoryPayload = z.object({
  inventoryAdjustmentGroup: z
    .object({
      id: z.string(),
      changes: z.array(
        z.object({
          name: z.string(),
          delta: z.int(),
          quantityAfterChange: z.int().nullable(),
          item: z.object({ id: z.string() }).nullable(),
          location: z.object({ id: z.string() }).nullable(),
        }),
      ),
    })
    .nullable(),
  userErrors: z.array(ZShopifyUserError),
});

export const ZInventoryChangesOutput = z.object({
  /** Null when nothing changed (every quantity was already as asked). */
  adjustmentGroupId: z.string().nullable(),
  changes: z.array(
    z.object({
      name: z.string(),
      delta: z.int(),
      quantityAfterChange: z.int().nullable(),
      inventoryItemId: z.string().nullable(),
      locationId: z.string().nullable(),
    }),
  ),
});

export function toInventoryChanges(payload: z.output<typeof ZInventoryPayload>): z.output<typeof ZInventoryChangesOutput> {
  const group = payload.inventoryAdjustmentGroup;
  return {
    adjustmentGroupId: group?.id ?? null,
    changes: (group?.changes ?? []).map((c) => ({
      name: c.name,
      delta: c.delta,
      quantityAfterChange: c.quantityAfterChange,
      inventoryItemId: c.item?.id ?? null,
      locationId: c.location?.id ?? null,
    })),
  };
}
