import { SbError, validationError } from "./errors";
import { type TSbChannel, type TSbReturn, type TSbState } from "./state";

type TBody = Record<string, unknown>;

const ACTIONS = new Set(["Default", "Restock", "Quarantine", "Dispose"]);

function object(value: unknown): TBody {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as TBody) : {};
}

/** `POST /return`: each inventory id once, a known fulfillment center, a reference_id not used before (422). */
export function createReturn(state: TSbState, raw: unknown, channel: TSbChannel): TSbReturn {
  const body = object(raw);
  const errors: Record<string, string[]> = {};
  const reference = typeof body.reference_id === "string" && body.reference_id.trim() ? body.reference_id : undefined;
  if (!reference) errors.ReferenceId = ["The ReferenceId field is required."];
  const center = state.fulfillmentCenters.find((candidate) => candidate.id === object(body.fulfillment_center).id);
  if (!center) errors.FulfillmentCenter = ["The fulfillment center does not exist or is not available to this merchant."];
  const lines = Array.isArray(body.inventory) ? body.inventory.map(object) : [];
  if (lines.length === 0) errors.Inventory = ["The Inventory field is required."];
  const seen = new Set<unknown>();
  const inventory = lines.flatMap((line, index) => {
    const item = state.inventory.find((candidate) => candidate.inventory_id === line.id);
    const action = typeof line.requested_action === "string" ? line.requested_action : "Default";
    if (!item) errors[`Inventory[${index}].Id`] = [`Inventory ${String(line.id)} does not exist.`];
    if (seen.has(line.id)) errors[`Inventory[${index}].Id`] = ["Each inventory id may appear only once in a return."];
    seen.add(line.id);
    if (typeof line.quantity !== "number" || line.quantity < 1) errors[`Inventory[${index}].Quantity`] = ["Quantity must be at least 1."];
    if (!ACTIONS.has(action)) errors[`Inventory[${index}].RequestedAction`] = ["RequestedAction must be Default, Restock, Quarantine or Dispose."];
    if (!item) return [];
    return [{ id: item.inventory_id, name: item.name, sku: item.sku, quantity: Number(line.quantity), action_requested: { action, action_type: `Inventory${action}`, instructions: null } }];
  });
  if (Object.keys(errors).length) throw validationError(errors);
  if (state.returns.some((candidate) => candidate.reference_id === reference)) {
    throw new SbError(422, "Unprocessable Entity", { ReferenceId: [`A return with reference_id '${reference}' already exists.`] });
  }
  const now = new Date().toISOString();
  const shipmentId = typeof body.original_shipment_id === "number" ? body.original_shipment_id : null;
  const order = shipmentId === null ? undefined : state.orders.find((candidate) => candidate.shipments.some((shipment) => shipment.id === shipmentId));
  const created: TSbReturn = {
    id: state.nextId++,
    reference_id: reference!,
    status: "AwaitingArrival",
    insert_date: now,
    completed_date: null,
    return_type: "Regular",
    channel: { id: channel.id, name: channel.name },
    fulfillment_center: center!,
    original_shipment_id: shipmentId,
    store_order_id: order?.reference_id ?? null,
    tracking_number: typeof body.tracking_number === "string" ? body.tracking_number : null,
    customer_name: order?.recipient.name ?? null,
    inventory,
    status_history: [{ status: "AwaitingArrival", timestamp: now }],
  };
  state.returns.push(created);
  return created;
}
