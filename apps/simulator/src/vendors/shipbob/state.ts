export interface TSbChannel {
  id: number;
  name: string;
  application_name: string;
  scopes: string[];
}

export interface TSbFulfillmentCenter {
  id: number;
  name: string;
}

/** One inventory item's levels, as `GET /inventory-level` reports them. */
export interface TSbInventory {
  inventory_id: number;
  name: string;
  sku: string;
  total_on_hand_quantity: number;
  total_committed_quantity: number;
  total_fulfillable_quantity: number;
  total_sellable_quantity: number;
  total_awaiting_quantity: number;
  total_backordered_quantity: number;
  total_exception_quantity: number;
  total_internal_transfer_quantity: number;
}

export interface TSbAddress {
  address1: string;
  address2: string | null;
  company_name: string | null;
  city: string;
  state: string | null;
  country: string;
  zip_code: string | null;
}

export interface TSbRecipient {
  name: string;
  address: TSbAddress;
  email: string | null;
  phone_number: string | null;
}

export interface TSbOrderProduct {
  id: number;
  reference_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number | null;
  external_line_id: number | null;
}

export interface TSbTracking {
  carrier: string;
  carrier_service: string;
  tracking_number: string;
  tracking_url: string;
  shipping_date: string;
}

export interface TSbShipment {
  id: number;
  order_id: number;
  reference_id: string;
  recipient: TSbRecipient;
  created_date: string;
  last_update_at: string;
  status: "Processing" | "LabeledCreated" | "Completed" | "Cancelled";
  location: TSbFulfillmentCenter;
  tracking: TSbTracking | null;
  actual_fulfillment_date: string | null;
  delivery_date: string | null;
  products: { id: number; reference_id: string; name: string; sku: string; inventory_items: { id: number; name: string; quantity: number }[] }[];
}

export interface TSbOrder {
  id: number;
  created_date: string;
  purchase_date: string | null;
  reference_id: string;
  order_number: string;
  status: "Processing" | "Fulfilled" | "Cancelled";
  type: "DTC" | "DropShip" | "B2B";
  channel: { id: number; name: string };
  shipping_method: string;
  recipient: TSbRecipient;
  products: TSbOrderProduct[];
  tags: { name: string; value: string }[];
  gift_message: string | null;
  shipments: TSbShipment[];
}

export interface TSbReturn {
  id: number;
  reference_id: string;
  status: "AwaitingArrival" | "Arrived" | "Processing" | "Completed" | "Cancelled";
  insert_date: string;
  completed_date: string | null;
  return_type: "Regular";
  channel: { id: number; name: string };
  fulfillment_center: TSbFulfillmentCenter;
  original_shipment_id: number | null;
  store_order_id: string | null;
  tracking_number: string | null;
  customer_name: string | null;
  inventory: { id: number; name: string; sku: string; quantity: number; action_requested: { action: string; action_type: string; instructions: string | null } }[];
  status_history: { status: string; timestamp: string }[];
}

export interface TSbSubscription {
  id: number;
  topics: string[];
  url: string;
  created_at: string;
}

/** What a test may seed. */
export interface TSbSeed {
  /** Personal access tokens the API accepts. */
  tokens: string[];
  channels: TSbChannel[];
  fulfillmentCenters: TSbFulfillmentCenter[];
  inventory: TSbInventory[];
  /** The `whsec_…` secret every webhook is signed with. */
  webhookSecret: string;
}

export interface TSbState extends TSbSeed {
  orders: TSbOrder[];
  returns: TSbReturn[];
  subscriptions: TSbSubscription[];
  simulations: { simulation_id: string; entity_id: string; entity_type: string; action: string; status: string; schedule_time: string }[];
  /** Requests per token per sliding minute; ShipBob allows 150. */
  rateLimitPerMinute: number;
  requestLog: Map<string, number[]>;
  /** Page size of cursor-paged lists when the request names none. */
  defaultPageSize: number;
  /** The most a request may ask for per page (250 in ShipBob). */
  maxPageSize: number;
  nextId: number;
}
