/** Quantity states Shopify tracks per inventory level; `on_hand` is derived from them. */
export const SHOPIFY_STORED_QUANTITIES = ["available", "committed", "reserved", "damaged", "safety_stock", "quality_control", "incoming"] as const;
export type TShopifyStoredQuantity = (typeof SHOPIFY_STORED_QUANTITIES)[number];

export interface TShopifyLocation {
  id: number;
  name: string;
}

export interface TShopifyVariant {
  id: number;
  sku: string;
  title: string;
  /** Decimal string in the shop currency, e.g. "19.99". */
  price: string;
  /** The struck-through "was" price of a variant on sale; absent or null when there is none. */
  compareAtPrice?: string | null;
  inventoryItemId: number;
}

export interface TShopifyProduct {
  id: number;
  title: string;
  handle: string;
  variants: TShopifyVariant[];
}

export interface TShopifyLevel {
  inventoryItemId: number;
  locationId: number;
  quantities: Record<TShopifyStoredQuantity, number>;
  updatedAt: string;
}

export interface TShopifyLineItem {
  id: number;
  variantId: number | null;
  sku: string | null;
  name: string;
  quantity: number;
  unitPrice: string;
}

export type TShopifyTransactionKind = "SALE" | "CAPTURE" | "AUTHORIZATION" | "REFUND" | "VOID";

export interface TShopifyTransaction {
  id: number;
  kind: TShopifyTransactionKind;
  status: "SUCCESS" | "FAILURE" | "PENDING";
  gateway: string;
  amount: string;
  parentId: number | null;
  createdAt: string;
}

export interface TShopifyFulfillmentOrder {
  id: number;
  status: "OPEN" | "IN_PROGRESS" | "CLOSED" | "CANCELLED";
  locationId: number;
  createdAt: string;
  lineItems: { id: number; lineItemId: number; totalQuantity: number; remainingQuantity: number }[];
}

export interface TShopifyOrder {
  id: number;
  name: string;
  email: string | null;
  createdAt: string;
  currencyCode: string;
  lineItems: TShopifyLineItem[];
  transactions: TShopifyTransaction[];
  fulfillmentOrders: TShopifyFulfillmentOrder[];
  refundIds: number[];
}

export type TShopifyRestockType = "NO_RESTOCK" | "CANCEL" | "RETURN" | "LEGACY_RESTOCK";

export interface TShopifyRefund {
  id: number;
  orderId: number;
  createdAt: string;
  note: string | null;
  lineItems: { id: number; lineItemId: number; quantity: number; restockType: TShopifyRestockType; locationId: number | null }[];
  transactionIds: number[];
}

export interface TShopifyWebhookSubscription {
  id: number;
  /** REST form, as it travels in X-Shopify-Topic: "orders/create". */
  topic: string;
  uri: string;
  /** The API version the subscription was made with; deliveries carry it in X-Shopify-API-Version. */
  apiVersion: string;
}

/** What an `@idempotent` mutation answered, kept so a repeat with the same key gets it again. */
export interface TShopifyIdempotencyRecord {
  operation: string;
  /** The mutation's arguments as canonical JSON: a repeat must match them exactly. */
  parameters: string;
  payload: unknown;
  failed: boolean;
}

/** Shopify's leaky bucket of query-cost points for this app and shop. */
export interface TShopifyThrottle {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
  updatedAtMs: number;
}

/** Everything the simulated shop holds; plain JSON so `/_sim/shopify/state` can show it. */
export interface TShopifyState {
  shop: { name: string; domain: string; currencyCode: string };
  credentials: { accessToken: string; clientSecret: string };
  locations: TShopifyLocation[];
  products: TShopifyProduct[];
  levels: TShopifyLevel[];
  orders: TShopifyOrder[];
  refunds: TShopifyRefund[];
  webhookSubscriptions: TShopifyWebhookSubscription[];
  idempotency: Record<string, TShopifyIdempotencyRecord>;
  throttle: TShopifyThrottle;
  adjustmentGroupCount: number;
  nextId: number;
}

export function takeId(state: TShopifyState): number {
  return state.nextId++;
}

export function toGid(type: string, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric id in a GID of `type`, or undefined when it is not one. */
export function fromGid(type: string, gid: string): number | undefined {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid);
  return match ? Number(match[1]) : undefined;
}

export function findVariantBySku(state: TShopifyState, sku: string): TShopifyVariant | undefined {
  return state.products.flatMap((product) => product.variants).find((variant) => variant.sku === sku);
}

export function findVariantByInventoryItem(state: TShopifyState, inventoryItemId: number): { product: TShopifyProduct; variant: TShopifyVariant } | undefined {
  for (const product of state.products) {
    const variant = product.variants.find((v) => v.inventoryItemId === inventoryItemId);
    if (variant) return { product, variant };
  }
  return undefined;
}

export function findLevel(state: TShopifyState, inventoryItemId: number, locationId: number): TShopifyLevel | undefined {
  return state.levels.find((level) => level.inventoryItemId === inventoryItemId && level.locationId === locationId);
}

/** on_hand is everything physically there: available plus every unavailable state (not incoming). */
export function onHand(level: TShopifyLevel): number {
  const q = level.quantities;
  return q.available + q.committed + q.reserved + q.damaged + q.safety_stock + q.quality_control;
}

export function readQuantity(level: TShopifyLevel, name: string): number | undefined {
  if (name === "on_hand") return onHand(level);
  return (SHOPIFY_STORED_QUANTITIES as readonly string[]).includes(name) ? level.quantities[name as TShopifyStoredQuantity] : undefined;
}

export function toCents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

export function fromCents(cents: number): string {
  return (cents / 100).toFixed(2);
}
