import { takeSquareId, type TSquareOrder, type TSquarePayment, type TSquareState } from "./state";

/** One paid order: line items name variations by SKU; a completed card payment covers the total. */
export interface TSquareOrderSeed {
  lineItems: { sku: string; quantity: number }[];
  /** Location name. @defaultValue the first location */
  location?: string;
  referenceId?: string;
}

/** The initial seller account; every field has a default so `{}` gives a usable one. */
export interface TSquareSeed {
  merchantId?: string;
  accessToken?: string;
  /** @defaultValue "USD" */
  currency?: string;
  /** @defaultValue one location, "Main Street" */
  locations?: string[];
  variations?: { sku: string; itemName: string; name?: string; priceCents: number; inStock?: Record<string, number> }[];
  orders?: TSquareOrderSeed[];
}

export const DEFAULT_SQUARE_SEED: TSquareSeed = {
  variations: [
    { sku: "MUG-BLUE", itemName: "Enamel Mug", name: "Blue", priceCents: 1400, inStock: { "Main Street": 25 } },
    { sku: "BEANS-1KG", itemName: "House Beans", name: "1 kg", priceCents: 3200, inStock: { "Main Street": 9 } },
    // Also in the Shopify and Business Central seeds, so cross-system flows have SKUs in common.
    { sku: "TEE-BLK-M", itemName: "Classic Tee", name: "Black / M", priceCents: 2500, inStock: { "Main Street": 42 } },
    { sku: "TOTE-NAT", itemName: "Canvas Tote", name: "Natural", priceCents: 1850, inStock: { "Main Street": 9 } },
  ],
  orders: [{ lineItems: [{ sku: "MUG-BLUE", quantity: 2 }, { sku: "BEANS-1KG", quantity: 1 }], referenceId: "POS-0001" }],
};

/** Adds a completed order with its completed payment; throws for an unknown SKU or location. */
export function addSquareOrder(state: TSquareState, seed: TSquareOrderSeed, now = new Date().toISOString()): { order: TSquareOrder; payment: TSquarePayment } {
  const location = seed.location ? state.locations.find((l) => l.name === seed.location) : state.locations[0];
  if (!location) throw new Error(`the simulated seller has no location "${seed.location ?? "(any)"}"`);
  const currency = location.currency;
  const lineItems = seed.lineItems.map(({ sku, quantity }) => {
    const variation = state.variations.find((v) => v.sku === sku);
    if (!variation) throw new Error(`the simulated seller has no variation with SKU "${sku}"`);
    return {
      uid: takeSquareId(state, "LI"),
      name: variation.item_name,
      quantity: String(quantity),
      catalog_object_id: variation.id,
      variation_name: variation.name,
      base_price_money: variation.price_money,
      total_money: { amount: variation.price_money.amount * quantity, currency },
    };
  });
  const total = { amount: lineItems.reduce((sum, item) => sum + item.total_money.amount, 0), currency };
  const orderId = takeSquareId(state, "ORD");
  const payment: TSquarePayment = {
    id: takeSquareId(state, "PAY"),
    status: "COMPLETED",
    source_type: "CARD",
    amount_money: total,
    total_money: total,
    order_id: orderId,
    location_id: location.id,
    receipt_number: takeSquareId(state, "R"),
    created_at: now,
    updated_at: now,
  };
  const order: TSquareOrder = {
    id: orderId,
    location_id: location.id,
    ...(seed.referenceId ? { reference_id: seed.referenceId } : {}),
    state: "COMPLETED",
    version: 1,
    line_items: lineItems,
    tenders: [{ id: takeSquareId(state, "TND"), location_id: location.id, type: "CARD", amount_money: total, payment_id: payment.id }],
    total_money: total,
    created_at: now,
    updated_at: now,
  };
  state.orders.push(order);
  state.payments.push(payment);
  return { order, payment };
}

/** Builds a fresh seller account from `seed`; the same seed gives the same ids. */
export function buildSquareState(seed: TSquareSeed = DEFAULT_SQUARE_SEED): TSquareState {
  const now = new Date().toISOString();
  const currency = seed.currency ?? "USD";
  const state: TSquareState = {
    merchantId: seed.merchantId ?? "MLSIMULATED01",
    accessToken: seed.accessToken ?? "EAAAsimulated_access_token",
    locations: [],
    variations: [],
    counts: [],
    orders: [],
    payments: [],
    refunds: [],
    payouts: [],
    payoutEntries: [],
    subscriptions: [],
    idempotency: {},
    nextId: 1,
  };
  for (const name of seed.locations ?? ["Main Street"]) state.locations.push({ id: takeSquareId(state, "L"), name, status: "ACTIVE", currency });
  for (const v of seed.variations ?? []) {
    const variation = { id: takeSquareId(state, "VAR"), item_name: v.itemName, name: v.name ?? "Regular", sku: v.sku, price_money: { amount: v.priceCents, currency }, version: 1 };
    state.variations.push(variation);
    for (const [locationName, quantity] of Object.entries(v.inStock ?? {})) {
      const location = state.locations.find((l) => l.name === locationName);
      if (!location) throw new Error(`the simulated seller has no location "${locationName}"`);
      state.counts.push({ catalog_object_id: variation.id, catalog_object_type: "ITEM_VARIATION", state: "IN_STOCK", location_id: location.id, quantity: String(quantity), calculated_at: now });
    }
  }
  for (const order of seed.orders ?? []) addSquareOrder(state, order, now);
  return state;
}
