import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { apiUrl, sbListAll, sbRequest, type TSbActionContext, type TSbContext } from "../client";
import { parseShipBob, type TSbReturn, ZSbReturn } from "../schemas";
import { findInventoryBySku } from "./inventory";

const ZReturnLine = z
  .strictObject({
    /** ShipBob's inventory id; or give the SKU and it is looked up. */
    inventoryId: z.int().positive().optional(),
    sku: z.string().min(1).optional(),
    quantity: z.int().min(1),
    requestedAction: z.enum(["Default", "Restock", "Quarantine", "Dispose"]).default("Default"),
  })
  .refine((line) => (line.inventoryId === undefined) !== (line.sku === undefined), "give either inventoryId or sku");

export const ZCreateReturnInput = z.strictObject({
  /** Our return's key (the RMA number); ShipBob refuses a second return with it, so the create is repeatable. */
  referenceId: z.string().min(1).max(300),
  fulfillmentCenterId: z.int().positive(),
  originalShipmentId: z.int().positive().optional(),
  trackingNumber: z.string().min(1).optional(),
  items: z.array(ZReturnLine).min(1),
});

async function findReturnByReference(context: TSbContext, referenceId: string): Promise<TSbReturn | undefined> {
  const { items } = await sbListAll(context, apiUrl(context.config, "return", { ReferenceIds: referenceId, Limit: 50 }), 50);
  return parseShipBob(z.array(ZSbReturn), items, "returns").find((candidate) => candidate.reference_id === referenceId);
}

export const createReturnAction = defineAction({
  title: "Create a return",
  capability: "fulfillment.return.create",
  idempotency: "key",
  input: ZCreateReturnInput,
  output: z.object({ created: z.boolean(), return: ZSbReturn }),
  async run(context: TSbActionContext, input) {
    const inventory = [];
    for (const line of input.items) {
      const id = line.inventoryId ?? (await findInventoryBySku(context, line.sku!)).inventory_id;
      inventory.push({ id, quantity: line.quantity, requested_action: line.requestedAction });
    }
    const response = await sbRequest(context, {
      method: "POST",
      url: apiUrl(context.config, "return"),
      channel: true,
      accept: [422],
      body: { reference_id: input.referenceId, fulfillment_center: { id: input.fulfillmentCenterId }, original_shipment_id: input.originalShipmentId, tracking_number: input.trackingNumber, inventory },
    });
    if (response.status !== 422) return { created: true, return: parseShipBob(ZSbReturn, response.body, "the created return") };
    const existing = await findReturnByReference(context, input.referenceId);
    if (!existing) throw response.error!;
    return { created: false, return: existing };
  },
});

const STATUSES = ["AwaitingArrival", "Arrived", "Processing", "Completed", "Cancelled"] as const;

export const listReturnsAction = defineAction({
  title: "List returns",
  capability: "fulfillment.return.read",
  idempotency: "read",
  input: z.strictObject({
    referenceIds: z.array(z.string().min(1).regex(/^[^,]+$/, "reference ids cannot contain commas")).min(1).optional(),
    statuses: z.array(z.enum(STATUSES)).min(1).optional(),
    limit: z.int().min(1).max(5000).default(250),
  }),
  output: z.object({ returns: z.array(ZSbReturn), truncated: z.boolean() }),
  async run(context: TSbActionContext, input) {
    const url = apiUrl(context.config, "return", { ReferenceIds: input.referenceIds?.join(","), Status: input.statuses?.join(","), Limit: Math.min(input.limit, 250) });
    const { items, truncated } = await sbListAll(context, url, input.limit);
    return { returns: parseShipBob(z.array(ZSbReturn), items, "returns"), truncated };
  },
});
