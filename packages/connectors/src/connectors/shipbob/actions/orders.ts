import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { defineAction } from "../../../sdk/connector";
import { apiUrl, sbRequest, type TSbActionContext, type TSbContext } from "../client";
import { parseShipBob, type TSbOrder, ZSbOrder, ZSbShipment } from "../schemas";

const ZReferenceId = z.string().min(1).max(300);

export const ZCreateOrderInput = z.strictObject({
  /** Our order's key (e.g. the shop's order id). ShipBob refuses a second order with it: the create is repeatable. */
  referenceId: ZReferenceId,
  /** Shown to ShipBob's staff; defaults to the reference id. */
  orderNumber: z.string().min(1).max(400).optional(),
  /** Mapped to a Ship Option in the ShipBob merchant portal. */
  shippingMethod: z.string().min(1).default("Standard"),
  recipient: z.strictObject({
    name: z.string().min(1),
    address: z.strictObject({
      address1: z.string().min(1),
      address2: z.string().optional(),
      companyName: z.string().optional(),
      city: z.string().min(1),
      state: z.string().optional(),
      /** ISO 3166-1 alpha-2. */
      country: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code such as US"),
      zipCode: z.string().optional(),
    }),
    email: z.email().optional(),
    phoneNumber: z.string().optional(),
  }),
  products: z
    .array(
      z.strictObject({
        /** The product's reference_id in ShipBob, usually the SKU. */
        sku: z.string().min(1),
        /** Needed only when ShipBob does not know the SKU yet: it then creates the product. */
        name: z.string().min(1).optional(),
        quantity: z.int().min(1),
        unitPrice: z.number().min(0).optional(),
      }),
    )
    .min(1),
  purchaseDate: z.iso.datetime({ offset: true }).optional(),
  tags: z.array(z.strictObject({ name: z.string().min(1), value: z.string() })).optional(),
});

async function findOrderByReference(context: TSbContext, referenceId: string): Promise<TSbOrder | undefined> {
  const { body } = await sbRequest(context, { method: "GET", url: apiUrl(context.config, "order", { ReferenceIds: referenceId, Limit: 1 }) });
  const [order] = parseShipBob(z.array(ZSbOrder), body, "orders");
  // ReferenceIds is a comma-separated filter; a reference with a comma must match exactly, not by parts.
  return order?.reference_id === referenceId ? order : undefined;
}

export const createOrderAction = defineAction({
  title: "Create a fulfillment order",
  capability: "fulfillment.order.create",
  // ShipBob keeps reference_id unique per channel and answers a reuse with 422; we then return the existing order.
  idempotency: "key",
  input: ZCreateOrderInput,
  output: z.object({ created: z.boolean(), order: ZSbOrder }),
  async run(context: TSbActionContext, input) {
    const { address } = input.recipient;
    const response = await sbRequest(context, {
      method: "POST",
      url: apiUrl(context.config, "order"),
      channel: true,
      accept: [422],
      body: {
        reference_id: input.referenceId,
        order_number: input.orderNumber,
        shipping_method: input.shippingMethod,
        type: "DTC",
        recipient: {
          name: input.recipient.name,
          address: { address1: address.address1, address2: address.address2, company_name: address.companyName, city: address.city, state: address.state, country: address.country, zip_code: address.zipCode },
          email: input.recipient.email,
          phone_number: input.recipient.phoneNumber,
        },
        products: input.products.map((product) => ({ reference_id: product.sku, name: product.name, quantity: product.quantity, unit_price: product.unitPrice })),
        purchase_date: input.purchaseDate,
        tags: input.tags,
      },
    });
    if (response.status !== 422) return { created: true, order: parseShipBob(ZSbOrder, response.body, "the created order") };
    // 422 is also ShipBob's answer to other business rules; only an existing order with our reference makes it a success.
    const existing = await findOrderByReference(context, input.referenceId);
    if (!existing) throw response.error!;
    return { created: false, order: existing };
  },
});

export const ZOrderRef = z.union([z.strictObject({ orderId: z.int().positive() }), z.strictObject({ referenceId: ZReferenceId })]);

export async function resolveOrder(context: TSbContext, ref: z.output<typeof ZOrderRef>): Promise<TSbOrder> {
  if ("orderId" in ref) {
    const { body } = await sbRequest(context, { method: "GET", url: apiUrl(context.config, `order/${ref.orderId}`) });
    return parseShipBob(ZSbOrder, body, "the order");
  }
  const order = await findOrderByReference(context, ref.referenceId);
  if (!order) throw new NonRetryableError(`ShipBob has no order with reference_id "${ref.referenceId}"`);
  return order;
}

export const getOrderAction = defineAction({
  title: "Get a fulfillment order",
  capability: "fulfillment.order.read",
  idempotency: "read",
  input: ZOrderRef,
  output: ZSbOrder,
  async run(context: TSbActionContext, input) {
    return resolveOrder(context, input);
  },
});

export const listShipmentsAction = defineAction({
  title: "List an order's shipments",
  capability: "fulfillment.shipment.read",
  idempotency: "read",
  input: ZOrderRef,
  output: z.object({ orderId: z.number(), shipments: z.array(ZSbShipment) }),
  async run(context: TSbActionContext, input) {
    const orderId = "orderId" in input ? input.orderId : (await resolveOrder(context, input)).id;
    const { body } = await sbRequest(context, { method: "GET", url: apiUrl(context.config, `order/${orderId}/shipment`) });
    return { orderId, shipments: parseShipBob(z.array(ZSbShipment), body, "shipments") };
  },
});
