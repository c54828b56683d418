// Square objects are kept in the API's own snake_case shape, so routes can answer them as they are.

/** The Square-Version subscriptions get when they name none. */
export const SQUARE_DEFAULT_API_VERSION = "2025-10-16";

export interface TSquareMoney {
  /** In the currency's smallest unit (cents). */
  amount: number;
  currency: string;
}

export interface TSquareLocation {
  id: string;
  name: string;
  status: "ACTIVE" | "INACTIVE";
  currency: string;
}

export interface TSquareVariation {
  id: string;
  item_name: string;
  name: string;
  sku: string;
  price_money: TSquareMoney;
  /** Square's optimistic concurrency: an upsert must name this version, and each change moves it on. */
  version: number;
}

export interface TSquareCount {
  catalog_object_id: string;
  catalog_object_type: "ITEM_VARIATION";
  state: string;
  location_id: string;
  /** Decimal string, as Square sends quantities. */
  quantity: string;
  calculated_at: string;
}

export interface TSquareOrderLineItem {
  uid: string;
  name: string;
  quantity: string;
  catalog_object_id: string;
  variation_name: string;
  base_price_money: TSquareMoney;
  total_money: TSquareMoney;
}

export interface TSquareOrder {
  id: string;
  location_id: string;
  reference_id?: string;
  state: "OPEN" | "COMPLETED" | "CANCELED" | "DRAFT";
  version: number;
  line_items: TSquareOrderLineItem[];
  tenders: { id: string; location_id: string; type: "CARD"; amount_money: TSquareMoney; payment_id: string }[];
  total_money: TSquareMoney;
  created_at: string;
  updated_at: string;
}

export interface TSquarePayment {
  id: string;
  status: "APPROVED" | "PENDING" | "COMPLETED" | "CANCELED" | "FAILED";
  /** Square pays out card and wallet payments; cash and external tenders are only recorded. */
  source_type: "CARD" | "WALLET" | "CASH" | "EXTERNAL";
  amount_money: TSquareMoney;
  total_money: TSquareMoney;
  refunded_money?: TSquareMoney;
  refund_ids?: string[];
  order_id: string;
  location_id: string;
  receipt_number: string;
  created_at: string;
  updated_at: string;
}

export interface TSquareRefund {
  id: string;
  status: "PENDING" | "COMPLETED" | "REJECTED" | "FAILED";
  location_id: string;
  amount_money: TSquareMoney;
  payment_id: string;
  order_id: string;
  reason?: string;
  created_at: string;
  updated_at: string;
}

/** A transfer of a location's balance to the seller's bank; its amount is the sum of its entries' net amounts. */
export interface TSquarePayout {
  id: string;
  status: "SENT" | "FAILED" | "PAID";
  location_id: string;
  created_at: string;
  updated_at: string;
  amount_money: TSquareMoney;
  destination: { type: "BANK_ACCOUNT"; id: string };
  version: number;
  type: "BATCH";
  /** YYYY-MM-DD, when the money is expected at the bank. */
  arrival_date: string;
}

/** One balance activity a payout carries: fees are positive on a charge, and net = gross − fee. */
export interface TSquarePayoutEntry {
  id: string;
  payout_id: string;
  /** When the activity affected the balance (the payment's or refund's time). */
  effective_at: string;
  type: "CHARGE" | "REFUND";
  gross_amount_money: TSquareMoney;
  fee_amount_money: TSquareMoney;
  net_amount_money: TSquareMoney;
  type_charge_details?: { payment_id: string };
  type_refund_details?: { payment_id: string; refund_id: string };
}

export interface TSquareSubscription {
  id: string;
  name: string;
  enabled: boolean;
  event_types: string[];
  notification_url: string;
  api_version: string;
  signature_key: string;
  created_at: string;
  updated_at: string;
}

/** A successful answer to a request that carried an idempotency key. */
export interface TSquareIdempotencyRecord {
  /** The request body as canonical JSON: a retry must send exactly this. */
  body: string;
  status: number;
  response: unknown;
}

/** Everything the simulated seller account holds; plain JSON so `/_sim/square/state` can show it. */
export interface TSquareState {
  merchantId: string;
  accessToken: string;
  locations: TSquareLocation[];
  variations: TSquareVariation[];
  counts: TSquareCount[];
  orders: TSquareOrder[];
  payments: TSquarePayment[];
  refunds: TSquareRefund[];
  payouts: TSquarePayout[];
  payoutEntries: TSquarePayoutEntry[];
  subscriptions: TSquareSubscription[];
  idempotency: Record<string, TSquareIdempotencyRecord>;
  nextId: number;
}

/** A Square-looking id: upper-case letters and digits, unique within this state. */
export function takeSquareId(state: TSquareState, prefix: string): string {
  return `${prefix}${(state.nextId++).toString(36).toUpperCase().padStart(8, "0")}`;
}

export function findCount(state: TSquareState, key: { catalogObjectId: string; locationId: string; state: string }): TSquareCount | undefined {
  return state.counts.find((c) => c.catalog_object_id === key.catalogObjectId && c.location_id === key.locationId && c.state === key.state);
}

/** Quantities are decimals with up to 5 places; integers of 1e-5 keep the arithmetic exact. */
export function addQuantity(quantity: string, delta: string, sign: 1 | -1): string {
  const scaled = Math.round(Number(quantity) * 1e5) + sign * Math.round(Number(delta) * 1e5);
  return String(scaled / 1e5);
}
