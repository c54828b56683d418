import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";
import { type TSentWebhook } from "../../webhook-sender";
import { createShopifyRoutes } from "./routes";
import { addOrder, buildShopifyState, DEFAULT_SHOPIFY_SEED, type TShopifyOrderSeed, type TShopifySeed } from "./seed";
import {
  findLevel,
  findVariantBySku,
  onHand,
  takeId,
  type TShopifyLevel,
  type TShopifyOrder,
  type TShopifyState,
  type TShopifyThrottle,
  type TShopifyVariant,
  type TShopifyWebhookSubscription,
} from "./state";
import { inventoryLevelPayload, orderPayload, refundPayload } from "./webhook-payloads";
import { emitShopifyWebhook } from "./webhooks";

/** The API version subscriptions made through `subscribe()` deliver with. */
const SUBSCRIBE_API_VERSION = "2026-01";

/** The simulated shop plus what tests and demos drive it with. */
export interface TShopifySimulator extends TVendorSimulator<TShopifyState> {
  /** Resolves once every webhook delivery started so far has been answered. */
  settle(): Promise<void>;
  /** Subscribes `uri` to `topic` ("orders/create"), as `webhookSubscriptionCreate` would. */
  subscribe(topic: string, uri: string): TShopifyWebhookSubscription;
  /** Places a paid order and delivers `orders/create`. */
  createOrder(seed: TShopifyOrderSeed): Promise<TShopifyOrder>;
  /** Delivers any topic with any body: for topics the simulator does not produce itself (returns/request). */
  emitWebhook(topic: string, body: object): Promise<TSentWebhook[]>;
  emitInventoryLevelUpdate(target: { sku: string; location?: string }): Promise<TSentWebhook[]>;
  emitOrderCreated(orderId: number): Promise<TSentWebhook[]>;
  emitRefundCreated(refundId: number): Promise<TSentWebhook[]>;
  findVariant(sku: string): TShopifyVariant;
  /** The level of `sku` at `location` (default: the first), with on_hand worked out. */
  level(sku: string, location?: string): TShopifyLevel["quantities"] & { on_hand: number };
  /** Overrides the query-cost bucket, e.g. empties it to provoke THROTTLED. */
  setThrottle(throttle: Partial<Omit<TShopifyThrottle, "updatedAtMs">>): void;
}

/** A Shopify simulator over its own copy of `seed`; `reset()` goes back to it. */
export function createShopifySimulator(seed: TShopifySeed = DEFAULT_SHOPIFY_SEED): TVendorFactory {
  return (context) => {
    let state = buildShopifyState(seed);
    const inFlight = new Set<Promise<unknown>>();

    const emitWebhook = (topic: string, body: object) => emitShopifyWebhook({ context, state, topic, body });
    const emitInBackground = (topic: string, body: object) => {
      const delivery = emitWebhook(topic, body).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    };
    const findLevelOf = (sku: string, location?: string) => {
      const variant = simulator.findVariant(sku);
      const place = location ? state.locations.find((l) => l.name === location) : state.locations[0];
      const level = place && findLevel(state, variant.inventoryItemId, place.id);
      if (!level) throw new Error(`"${sku}" is not stocked at "${location ?? "the first location"}"`);
      return level;
    };

    const simulator: TShopifySimulator = {
      key: "shopify",
      routes: createShopifyRoutes({ state: () => state, emit: emitInBackground }),
      get state() {
        return state;
      },
      reset() {
        state = buildShopifyState(seed);
      },
      async settle() {
        while (inFlight.size > 0) await Promise.all([...inFlight]);
      },
      subscribe(topic, uri) {
        const subscription = { id: takeId(state), topic, uri, apiVersion: SUBSCRIBE_API_VERSION };
        state.webhookSubscriptions.push(subscription);
        return subscription;
      },
      async createOrder(orderSeed) {
        const order = addOrder(state, orderSeed);
        await emitWebhook("orders/create", orderPayload(order));
        return order;
      },
      emitWebhook,
      emitInventoryLevelUpdate: ({ sku, location }) => emitWebhook("inventory_levels/update", inventoryLevelPayload(findLevelOf(sku, location))),
      emitOrderCreated(orderId) {
        const order = state.orders.find((o) => o.id === orderId);
        if (!order) throw new Error(`the simulated shop has no order ${orderId}`);
        return emitWebhook("orders/create", orderPayload(order));
      },
      emitRefundCreated(refundId) {
        const refund = state.refunds.find((r) => r.id === refundId);
        if (!refund) throw new Error(`the simulated shop has no refund ${refundId}`);
        return emitWebhook("refunds/create", refundPayload(state, refund));
      },
      findVariant(sku) {
        const variant = findVariantBySku(state, sku);
        if (!variant) throw new Error(`the simulated shop has no variant with SKU "${sku}"`);
        return variant;
      },
      level(sku, location) {
        const level = findLevelOf(sku, location);
        return { ...level.quantities, on_hand: onHand(level) };
      },
      setThrottle(throttle) {
        Object.assign(state.throttle, throttle, { updatedAtMs: Date.now() });
      },
    };
    return simulator;
  };
}

export const shopifySimulator: TVendorFactory = createShopifySimulator();
