import { randomBytes, randomUUID } from "node:crypto";
import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";
import { type TSentWebhook } from "../../webhook-sender";
import { createSquareRoutes } from "./routes";
import { addSquareOrder, buildSquareState, DEFAULT_SQUARE_SEED, type TSquareOrderSeed, type TSquareSeed } from "./seed";
import { findCount, SQUARE_DEFAULT_API_VERSION, takeSquareId, type TSquareOrder, type TSquarePayment, type TSquareState, type TSquareSubscription, type TSquareVariation } from "./state";
import { emitSquareEvent, type TSquareEvent } from "./webhooks";

/** The simulated seller account plus what tests and demos drive it with. */
export interface TSquareSimulator extends TVendorSimulator<TSquareState> {
  /** Resolves once every webhook delivery started so far has been answered. */
  settle(): Promise<void>;
  /** Subscribes a URL, as CreateWebhookSubscription would; the key is generated unless given. */
  subscribe(options: { notificationUrl: string; eventTypes: string[]; signatureKey?: string }): TSquareSubscription;
  /** Places a completed, paid order and delivers `order.created`. */
  createOrder(seed: TSquareOrderSeed): Promise<{ order: TSquareOrder; payment: TSquarePayment }>;
  /** Delivers any event; `createdAt` in the past makes a stale one. */
  emitEvent(event: TSquareEvent): Promise<TSentWebhook[]>;
  emitOrderCreated(orderId: string): Promise<TSentWebhook[]>;
  emitInventoryCountUpdated(target: { sku: string; location?: string }): Promise<TSentWebhook[]>;
  /** Settles a pending refund as the card network would, and delivers `refund.updated`. */
  completeRefund(refundId: string): Promise<TSentWebhook[]>;
  findVariation(sku: string): TSquareVariation;
  /** The IN_STOCK count of `sku` at `location` (default: the first). */
  inStock(sku: string, location?: string): number;
}

/** A Square simulator over its own copy of `seed`; `reset()` goes back to it. */
export function createSquareSimulator(seed: TSquareSeed = DEFAULT_SQUARE_SEED): TVendorFactory {
  return (context) => {
    let state = buildSquareState(seed);
    const inFlight = new Set<Promise<unknown>>();
    const emitEvent = (event: TSquareEvent) => emitSquareEvent({ context, state, event });
    const emitInBackground = (event: TSquareEvent) => {
      const delivery = emitEvent(event).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    };
    const orderCreated = (order: TSquareOrder): TSquareEvent => ({
      type: "order.created",
      data: { type: "order_created", id: order.id, object: { order_created: { order_id: order.id, version: order.version, location_id: order.location_id, state: order.state, created_at: order.created_at } } },
    });
    const locationId = (name?: string) => {
      const location = name ? state.locations.find((l) => l.name === name) : state.locations[0];
      if (!location) throw new Error(`the simulated seller has no location "${name ?? "(any)"}"`);
      return location.id;
    };

    const simulator: TSquareSimulator = {
      key: "square",
      routes: createSquareRoutes({ state: () => state, emit: emitInBackground }),
      get state() {
        return state;
      },
      reset() {
        state = buildSquareState(seed);
      },
      async settle() {
        while (inFlight.size > 0) await Promise.all([...inFlight]);
      },
      subscribe({ notificationUrl, eventTypes, signatureKey }) {
        const now = new Date().toISOString();
        const subscription: TSquareSubscription = {
          id: `wbhk_${takeSquareId(state, "").toLowerCase()}`,
          name: "simulator",
          enabled: true,
          event_types: eventTypes,
          notification_url: notificationUrl,
          api_version: SQUARE_DEFAULT_API_VERSION,
          signature_key: signatureKey ?? randomBytes(16).toString("base64url"),
          created_at: now,
          updated_at: now,
        };
        state.subscriptions.push(subscription);
        return subscription;
      },
      async createOrder(orderSeed) {
        const created = addSquareOrder(state, orderSeed);
        await emitEvent(orderCreated(created.order));
        return created;
      },
      emitEvent,
      emitOrderCreated(orderId) {
        const order = state.orders.find((o) => o.id === orderId);
        if (!order) throw new Error(`the simulated seller has no order ${orderId}`);
        return emitEvent(orderCreated(order));
      },
      emitInventoryCountUpdated({ sku, location }) {
        const count = findCount(state, { catalogObjectId: simulator.findVariation(sku).id, locationId: locationId(location), state: "IN_STOCK" });
        if (!count) throw new Error(`"${sku}" has no IN_STOCK count at "${location ?? "the first location"}"`);
        return emitEvent({ type: "inventory.count.updated", data: { type: "inventory_counts", id: randomUUID(), object: { inventory_counts: [count] } } });
      },
      completeRefund(refundId) {
        const refund = state.refunds.find((r) => r.id === refundId);
        if (!refund) throw new Error(`the simulated seller has no refund ${refundId}`);
        refund.status = "COMPLETED";
        refund.updated_at = new Date().toISOString();
        return emitEvent({ type: "refund.updated", data: { type: "refund", id: refund.id, object: { refund: { ...refund } } } });
      },
      findVariation(sku) {
        const variation = state.variations.find((v) => v.sku === sku);
        if (!variation) throw new Error(`the simulated seller has no variation with SKU "${sku}"`);
        return variation;
      },
      inStock(sku, location) {
        const count = findCount(state, { catalogObjectId: simulator.findVariation(sku).id, locationId: locationId(location), state: "IN_STOCK" });
        return Number(count?.quantity ?? 0);
      },
    };
    return simulator;
  };
}

export const squareSimulator: TVendorFactory = createSquareSimulator();
