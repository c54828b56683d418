import { SbError, validationError } from "./errors";
import { type TSbChannel, type TSbInventory, type TSbOrder, type TSbOrderProduct, type TSbRecipient, type TSbShipment, type TSbState } from "./state";

type TBody = Record<string, unknown>;

const ORDER_TYPES = new Set(["DTC", "DropShip", "B2B"]);

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function object(value: unknown): TBody {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as TBody) : {};
}

function readRecipient(value: unknown, errors: Record<string, string[]>): TSbRecipient {
  const recipient = object(value);
  const address = object(recipient.address);
  const require = (field: string, label: string, raw: unknown) => {
    if (!text(raw)) errors[label] = [`The ${field} field is required.`];
    return text(raw) ?? "";
  };
  const country = require("Country", "Recipient.Address.Country", address.country);
  if (country && !/^[A-Z]{2}$/.test(country)) errors["Recipient.Address.Country"] = ["Country must be an ISO 3166-1 alpha-2 code."];
  return {
    name: require("Name", "Recipient.Name", recipient.name),
    address: {
      address1: require("Address1", "Recipient.Address.Address1", address.address1),
      address2: text(address.address2) ?? null,
      company_name: text(address.company_name) ?? null,
      city: require("City", "Recipient.Address.City", address.city),
      state: text(address.state) ?? null,
      country,
      zip_code: text(address.zip_code) ?? null,
    },
    email: text(recipient.email) ?? null,
    phone_number: text(recipient.phone_number) ?? null,
  };
}

/** ShipBob creates a product (and its inventory item) for a reference_id it has not seen, when a name is given. */
function inventoryFor(state: TSbState, reference: string, name: string | undefined, errors: Record<string, string[]>, index: number): TSbInventory | undefined {
  const existing = state.inventory.find((item) => item.sku === reference);
  if (existing) return existing;
  if (!name) {
    errors[`Products[${index}].Name`] = [`Product with reference_id '${reference}' does not exist; include its name to create it.`];
    return undefined;
  }
  const created: TSbInventory = {
    inventory_id: state.nextId++,
    name,
    sku: reference,
    total_on_hand_quantity: 0,
    total_committed_quantity: 0,
    total_fulfillable_quantity: 0,
    total_sellable_quantity: 0,
    total_awaiting_quantity: 0,
    total_backordered_quantity: 0,
    total_exception_quantity: 0,
    total_internal_transfer_quantity: 0,
  };
  state.inventory.push(created);
  return created;
}

function readProducts(state: TSbState, value: unknown, errors: Record<string, string[]>): { product: TSbOrderProduct; inventory: TSbInventory }[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.Products = ["The Products field is required."];
    return [];
  }
  return value.flatMap((raw, index) => {
    const body = object(raw);
    const reference = text(body.reference_id);
    const quantity = body.quantity;
    if (!reference) errors[`Products[${index}].ReferenceId`] = ["The ReferenceId field is required."];
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) errors[`Products[${index}].Quantity`] = ["Quantity must be at least 1."];
    if (!reference || typeof quantity !== "number") return [];
    const inventory = inventoryFor(state, reference, text(body.name), errors, index);
    if (!inventory) return [];
    const product: TSbOrderProduct = {
      id: inventory.inventory_id,
      reference_id: reference,
      sku: inventory.sku,
      name: inventory.name,
      quantity,
      unit_price: typeof body.unit_price === "number" ? body.unit_price : null,
      external_line_id: typeof body.external_line_id === "number" ? body.external_line_id : null,
    };
    return [{ product, inventory }];
  });
}

function newShipment(options: { state: TSbState; orderId: number; reference: string; recipient: TSbRecipient; products: TSbOrderProduct[]; now: string }): TSbShipment {
  const { products } = options;
  return {
    id: options.state.nextId++,
    order_id: options.orderId,
    reference_id: options.reference,
    recipient: options.recipient,
    created_date: options.now,
    last_update_at: options.now,
    status: "Processing",
    location: options.state.fulfillmentCenters[0]!,
    tracking: null,
    actual_fulfillment_date: null,
    delivery_date: null,
    products: products.map((product) => ({ id: product.id, reference_id: product.reference_id, name: product.name, sku: product.sku, inventory_items: [{ id: product.id, name: product.name, quantity: product.quantity }] })),
  };
}

function commitInventory(products: { product: TSbOrderProduct; inventory: TSbInventory }[]): void {
  for (const { product, inventory } of products) {
    inventory.total_committed_quantity += product.quantity;
    inventory.total_fulfillable_quantity = Math.max(0, inventory.total_on_hand_quantity - inventory.total_committed_quantity);
    inventory.total_sellable_quantity = inventory.total_fulfillable_quantity;
  }
}

/** `POST /order`: validated like ShipBob (400 per field), a reused reference_id is 422, inventory is committed. */
export function createOrder(state: TSbState, raw: unknown, channel: TSbChannel): TSbOrder {
  const body = object(raw);
  const errors: Record<string, string[]> = {};
  const reference = text(body.reference_id) ?? "";
  if (!reference) errors.ReferenceId = ["The ReferenceId field is required."];
  if (!text(body.shipping_method)) errors.ShippingMethod = ["The ShippingMethod field is required."];
  const type = text(body.type) ?? "";
  if (!ORDER_TYPES.has(type)) errors.Type = ["Type must be one of DTC, DropShip, B2B."];
  const recipient = readRecipient(body.recipient, errors);
  const products = readProducts(state, body.products, errors);
  if (Object.keys(errors).length) throw validationError(errors);
  if (state.orders.some((order) => order.reference_id === reference && order.channel.id === channel.id)) {
    throw new SbError(422, "Unprocessable Entity", { ReferenceId: [`An order with reference_id '${reference}' already exists for this channel.`] });
  }
  if (type !== "DTC" && !body.retailer_program_data) {
    throw new SbError(422, "Unprocessable Entity", { RetailerProgramData: ["DropShip and B2B orders must include retailer_program_data and shipping_terms."] });
  }
  commitInventory(products);
  const now = new Date().toISOString();
  const id = state.nextId++;
  const lines = products.map((entry) => entry.product);
  const order: TSbOrder = {
    id,
    created_date: now,
    purchase_date: text(body.purchase_date) ?? null,
    reference_id: reference,
    order_number: text(body.order_number) ?? reference,
    status: "Processing",
    type: type as TSbOrder["type"],
    channel: { id: channel.id, name: channel.name },
    shipping_method: String(body.shipping_method),
    recipient,
    products: lines,
    tags: Array.isArray(body.tags) ? (body.tags as { name: string; value: string }[]) : [],
    gift_message: text(body.gift_message) ?? null,
    shipments: [newShipment({ state, orderId: id, reference, recipient, products: lines, now })],
  };
  state.orders.push(order);
  return order;
}

export function findOrder(state: TSbState, id: string): TSbOrder {
  const order = state.orders.find((candidate) => String(candidate.id) === id);
  if (!order) throw new SbError(404, "Not Found");
  return order;
}
