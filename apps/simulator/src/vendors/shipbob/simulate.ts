import { randomUUID } from "node:crypto";
import { type TSimulatorContext } from "../../vendor";
import { SbError, validationError } from "./errors";
import { type TSbOrder, type TSbShipment, type TSbState } from "./state";
import { emitWebhook } from "./webhooks";

type TSimulation = { action?: unknown; next?: unknown };

function findShipment(state: TSbState, shipmentId: string): { order: TSbOrder; shipment: TSbShipment } {
  for (const order of state.orders) {
    const shipment = order.shipments.find((candidate) => String(candidate.id) === shipmentId);
    if (shipment) return { order, shipment };
  }
  throw new SbError(404, "Not Found");
}

/** The warehouse prints the label and the parcel leaves: stock leaves on-hand, tracking appears, order.shipped fires. */
export function shipShipment(options: { state: TSbState; context: TSimulatorContext; shipmentId: string }): TSbShipment {
  const { state, context } = options;
  const { order, shipment } = findShipment(state, options.shipmentId);
  if (shipment.status !== "Processing") throw validationError({ ShipmentId: [`Shipment ${shipment.id} is ${shipment.status} and cannot be shipped.`] });
  const now = new Date().toISOString();
  for (const product of shipment.products) {
    for (const line of product.inventory_items) {
      const inventory = state.inventory.find((candidate) => candidate.inventory_id === line.id);
      if (!inventory) continue;
      inventory.total_on_hand_quantity -= line.quantity;
      inventory.total_committed_quantity -= line.quantity;
    }
  }
  const trackingNumber = `9400${String(shipment.id).padStart(18, "0")}`;
  shipment.status = "Completed";
  shipment.tracking = { carrier: "USPS", carrier_service: "Priority", tracking_number: trackingNumber, tracking_url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${trackingNumber}`, shipping_date: now };
  shipment.actual_fulfillment_date = now;
  shipment.last_update_at = now;
  if (order.shipments.every((candidate) => candidate.status === "Completed")) {
    order.status = "Fulfilled";
    emitWebhook({ state, context, topic: "order.shipped", payload: order });
  }
  return shipment;
}

export function deliverShipment(options: { state: TSbState; context: TSimulatorContext; shipmentId: string }): TSbShipment {
  const { state, context } = options;
  const { shipment } = findShipment(state, options.shipmentId);
  if (!shipment.tracking) throw validationError({ ShipmentId: [`Shipment ${shipment.id} has not shipped yet.`] });
  shipment.delivery_date = new Date().toISOString();
  shipment.last_update_at = shipment.delivery_date;
  emitWebhook({ state, context, topic: "order.shipment.delivered", payload: shipment });
  return shipment;
}

/** `POST /simulate/shipment` (sandbox only): runs the action and any chained `next` ones at once. */
export function simulateShipment(options: { state: TSbState; context: TSimulatorContext; body: unknown }): { message: string; simulation_id: string } {
  const body = (options.body && typeof options.body === "object" ? options.body : {}) as { shipment_id?: unknown; simulation?: TSimulation };
  const shipmentId = String(body.shipment_id ?? "");
  if (!shipmentId) throw validationError({ ShipmentId: ["The shipment_id field is required."] });
  const id = randomUUID();
  let simulation: TSimulation | undefined = body.simulation;
  if (!simulation || typeof simulation.action !== "string") throw validationError({ Simulation: ["The simulation.action field is required."] });
  while (simulation && typeof simulation.action === "string") {
    const step = { state: options.state, context: options.context, shipmentId };
    if (simulation.action === "ShipOrder") shipShipment(step);
    else if (simulation.action === "DeliverOrder") deliverShipment(step);
    else throw validationError({ "Simulation.Action": ["Action must be ShipOrder or DeliverOrder."] });
    options.state.simulations.push({ simulation_id: id, entity_id: shipmentId, entity_type: "Shipment", action: simulation.action, status: "Completed", schedule_time: new Date().toISOString() });
    simulation = simulation.next as TSimulation | undefined;
  }
  return { message: "Simulation registered", simulation_id: id };
}
