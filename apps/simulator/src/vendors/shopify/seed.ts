import { SHOPIFY_STORED_QUANTITIES, fromCents, takeId, toCents, type TShopifyLevel, type TShopifyOrder, type TShopifyState } from "./state";

/** One order to create: line items name variants by SKU, paid in full through `gateway`. */
export interface TShopifyOrderSeed {
  name?: string;
  email?: string;
  lineItems: { sku: string; quantity: number }[];
  /** @defaultValue "bogus" (Shopify's test gateway) */
  gateway?: string;
  /** Location name the fulfillment order is assigned to. @defaultValue the first location */
  fulfilFrom?: string;
}

/** The initial catalogue; every field has a default so `{}` gives a usable shop. */
export interface TShopifySeed {
  shop?: { name?: string; domain?: string; currencyCode?: string };
  credentials?: { accessToken?: string; clientSecret?: string };
  /** @defaultValue one location, "Main Warehouse" */
  locations?: string[];
  products?: { title: string; variants: { sku: string; title?: string; price: string; available?: Record<string, number> }[] }[];
  orders?: TShopifyOrderSeed[];
  /** Query-cost bucket. @defaultValue Shopify's standard plan: 1000 points, 100 restored per second */
  throttle?: { maximumAvailable?: number; restoreRate?: number };
}

export const DEFAULT_SHOPIFY_SEED: TShopifySeed = {
  products: [
    {
      title: "Classic Tee",
      variants: [
        { sku: "TEE-BLK-M", title: "Black / M", price: "25.00", available: { "Main Warehouse": 40 } },
        { sku: "TEE-BLK-L", title: "Black / L", price: "25.00", available: { "Main Warehouse": 12 } },
      ],
    },
    { title: "Canvas Tote", variants: [{ sku: "TOTE-NAT", title: "Natural", price: "18.50", available: { "Main Warehouse": 7 } }] },
  ],
  orders: [{ name: "#1001", email: "ada@example.com", lineItems: [{ sku: "TEE-BLK-M", quantity: 2 }, { sku: "TOTE-NAT", quantity: 1 }] }],
};

function handleOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function emptyLevel(inventoryItemId: number, locationId: number, now: string): TShopifyLevel {
  const quantities = Object.fromEntries(SHOPIFY_STORED_QUANTITIES.map((name) => [name, 0])) as TShopifyLevel["quantities"];
  return { inventoryItemId, locationId, quantities, updatedAt: now };
}

/** Adds a paid order with one open fulfillment order; throws for an unknown SKU or location. */
export function addOrder(state: TShopifyState, seed: TShopifyOrderSeed, now = new Date().toISOString()): TShopifyOrder {
  const location = seed.fulfilFrom ? state.locations.find((l) => l.name === seed.fulfilFrom) : state.locations[0];
  if (!location) throw new Error(`the simulated shop has no location "${seed.fulfilFrom ?? "(any)"}"`);
  const lineItems = seed.lineItems.map(({ sku, quantity }) => {
    const variant = state.products.flatMap((p) => p.variants.map((v) => ({ product: p, variant: v }))).find((x) => x.variant.sku === sku);
    if (!variant) throw new Error(`the simulated shop has no variant with SKU "${sku}"`);
    const name = `${variant.product.title} - ${variant.variant.title}`;
    return { id: takeId(state), variantId: variant.variant.id, sku, name, quantity, unitPrice: variant.variant.price };
  });
  const total = lineItems.reduce((sum, item) => sum + toCents(item.unitPrice) * item.quantity, 0);
  const order: TShopifyOrder = {
    id: takeId(state),
    name: seed.name ?? `#${1000 + state.orders.length + 1}`,
    email: seed.email ?? null,
    createdAt: now,
    currencyCode: state.shop.currencyCode,
    lineItems,
    transactions: [{ id: takeId(state), kind: "SALE", status: "SUCCESS", gateway: seed.gateway ?? "bogus", amount: fromCents(total), parentId: null, createdAt: now }],
    fulfillmentOrders: [],
    refundIds: [],
  };
  order.fulfillmentOrders.push({
    id: takeId(state),
    status: "OPEN",
    locationId: location.id,
    createdAt: now,
    lineItems: lineItems.map((item) => ({ id: takeId(state), lineItemId: item.id, totalQuantity: item.quantity, remainingQuantity: item.quantity })),
  });
  state.orders.push(order);
  return order;
}

/** Builds a fresh shop from `seed`; ids are assigned in order, so the same seed gives the same ids. */
export function buildShopifyState(seed: TShopifySeed = DEFAULT_SHOPIFY_SEED): TShopifyState {
  const now = new Date().toISOString();
  const state: TShopifyState = {
    shop: { name: seed.shop?.name ?? "Storeflow Demo Shop", domain: seed.shop?.domain ?? "storeflow-demo.myshopify.com", currencyCode: seed.shop?.currencyCode ?? "USD" },
    credentials: { accessToken: seed.credentials?.accessToken ?? "shpat_simulated_access_token", clientSecret: seed.credentials?.clientSecret ?? "shpss_simulated_client_secret" },
    locations: [],
    products: [],
    levels: [],
    orders: [],
    refunds: [],
    webhookSubscriptions: [],
    idempotency: {},
    throttle: { maximumAvailable: seed.throttle?.maximumAvailable ?? 1000, currentlyAvailable: seed.throttle?.maximumAvailable ?? 1000, restoreRate: seed.throttle?.restoreRate ?? 100, updatedAtMs: Date.now() },
    adjustmentGroupCount: 0,
    nextId: 1001,
  };
  for (const name of seed.locations ?? ["Main Warehouse"]) state.locations.push({ id: takeId(state), name });
  for (const productSeed of seed.products ?? []) {
    const product = { id: takeId(state), title: productSeed.title, handle: handleOf(productSeed.title), variants: [] as TShopifyState["products"][number]["variants"] };
    for (const variantSeed of productSeed.variants) {
      const variant = { id: takeId(state), sku: variantSeed.sku, title: variantSeed.title ?? "Default Title", price: variantSeed.price, inventoryItemId: takeId(state) };
      product.variants.push(variant);
      for (const location of state.locations) {
        const level = emptyLevel(variant.inventoryItemId, location.id, now);
        level.quantities.available = variantSeed.available?.[location.name] ?? 0;
        state.levels.push(level);
      }
    }
    state.products.push(product);
  }
  for (const orderSeed of seed.orders ?? []) addOrder(state, orderSeed, now);
  return state;
}
