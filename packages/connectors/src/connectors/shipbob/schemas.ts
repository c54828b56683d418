import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";

// The fields our actions return, under ShipBob's own (snake_case) names so they read
// against ShipBob's reference. ShipBob marks most fields nullable; so do we.

const ZNamed = z.object({ id: z.number(), name: z.string().nullish() });

export const ZSbTracking = z.object({
  carrier: z.string().nullish(),
  carrier_service: z.string().nullish(),
  tracking_number: z.string().nullish(),
  tracking_url: z.string().nullish(),
  shipping_date: z.string().nullish(),
});

export const ZSbShipment = z.object({
  id: z.number(),
  order_id: z.number(),
  reference_id: z.string().nullish(),
  status: z.string(),
  created_date: z.string().nullish(),
  last_update_at: z.string().nullish(),
  location: ZNamed.nullish(),
  tracking: ZSbTracking.nullish(),
  actual_fulfillment_date: z.string().nullish(),
  delivery_date: z.string().nullish(),
});

export const ZSbOrder = z.object({
  id: z.number(),
  reference_id: z.string(),
  order_number: z.string().nullish(),
  status: z.string(),
  type: z.string().nullish(),
  created_date: z.string().nullish(),
  purchase_date: z.string().nullish(),
  channel: ZNamed.nullish(),
  shipping_method: z.string().nullish(),
  products: z.array(z.object({ id: z.number().nullish(), reference_id: z.string().nullish(), sku: z.string().nullish(), name: z.string().nullish(), quantity: z.number(), unit_price: z.number().nullish() })),
  shipments: z.array(ZSbShipment),
});
export type TSbOrder = z.output<typeof ZSbOrder>;

export const ZSbInventoryLevel = z.object({
  inventory_id: z.number(),
  name: z.string().nullish(),
  sku: z.string().nullish(),
  total_on_hand_quantity: z.number(),
  total_committed_quantity: z.number(),
  total_fulfillable_quantity: z.number(),
  total_sellable_quantity: z.number(),
  total_awaiting_quantity: z.number(),
  total_backordered_quantity: z.number(),
  total_exception_quantity: z.number(),
});
export type TSbInventoryLevel = z.output<typeof ZSbInventoryLevel>;

export const ZSbReturn = z.object({
  id: z.number(),
  reference_id: z.string(),
  status: z.string(),
  insert_date: z.string().nullish(),
  completed_date: z.string().nullish(),
  return_type: z.string().nullish(),
  fulfillment_center: ZNamed.nullish(),
  original_shipment_id: z.number().nullish(),
  store_order_id: z.string().nullish(),
  tracking_number: z.string().nullish(),
  inventory: z.array(
    z.object({
      id: z.number(),
      name: z.string().nullish(),
      sku: z.string().nullish(),
      quantity: z.number(),
      action_requested: z.object({ action: z.string().nullish(), action_type: z.string().nullish(), instructions: z.string().nullish() }).nullish(),
    }),
  ),
});
export type TSbReturn = z.output<typeof ZSbReturn>;

/** Parses what ShipBob returned, naming the entity when it changed shape (retrying would not help). */
export function parseShipBob<T extends z.ZodType>(schema: T, value: unknown, entity: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NonRetryableError(`ShipBob returned ${entity} in an unexpected shape: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}`);
  }
  return parsed.data;
}
