import { createHmac, timingSafeEqual } from "node:crypto";
import { type z } from "zod";
import { type TDomainEvent, type TInboundWebhook, type TWebhookTrigger } from "../../sdk/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../sdk/errors";
import { type TShipBobConfig, type TShipBobSecrets } from "./config";
import { ZSbOrder, ZSbReturn, ZSbShipment } from "./schemas";

/** Standard Webhooks' recommended window; ShipBob retries reuse the id but are signed afresh. */
const TOLERANCE_S = 5 * 60;

/**
 * ShipBob signs deliveries of subscriptions made through the dated API with the
 * Standard Webhooks scheme: HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>"
 * with the base64-decoded part of the `whsec_` secret, sent as "v1,<base64>" (several,
 * space-separated, while a secret rotates). The timestamp is checked against when the
 * ingress received the request, so a captured delivery cannot be replayed later.
 */
function verify(request: TInboundWebhook, context: { config: TShipBobConfig; secrets: TShipBobSecrets }): void {
  const secret = context.secrets.webhookSecret;
  if (!secret) throw new WebhookVerificationError("this ShipBob connection has no webhook signing secret");
  const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signatures } = request.headers;
  if (!id || !timestamp || !signatures) {
    // Subscriptions of the 1.0/2.0 API deliver unsigned, with shipbob-topic instead.
    const legacy = request.headers["shipbob-topic"] ? " (an unsigned delivery of a legacy 1.0/2.0 subscription; subscribe through the 2026-01 API)" : "";
    throw new WebhookVerificationError(`the ShipBob webhook lacks the webhook-id, webhook-timestamp or webhook-signature header${legacy}`);
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError("the ShipBob webhook timestamp is not a Unix time");
  const skew = request.receivedAt.getTime() / 1000 - Number(timestamp);
  if (Math.abs(skew) > TOLERANCE_S) throw new WebhookVerificationError(`the ShipBob webhook was signed ${Math.round(Math.abs(skew))} s ${skew > 0 ? "before" : "after"} it arrived`);
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${request.rawBody}`, "utf8").digest();
  const matches = signatures.split(" ").some((entry) => {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError("the ShipBob webhook signature does not match");
}

function parse<T extends z.ZodType>(schema: T, rawBody: string, topic: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (cause) {
    throw new WebhookPayloadError(`the ShipBob ${topic} webhook body is not JSON`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new WebhookPayloadError(`the ShipBob ${topic} webhook body does not have the documented shape`, { cause: parsed.error });
  return parsed.data;
}

function latest(dates: (string | null | undefined)[]): string | undefined {
  return dates.filter((date): date is string => Boolean(date) && !Number.isNaN(Date.parse(date!))).sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
}

function describeShipment(shipment: z.output<typeof ZSbShipment>) {
  return {
    shipmentId: shipment.id,
    status: shipment.status,
    carrier: shipment.tracking?.carrier ?? null,
    trackingNumber: shipment.tracking?.tracking_number ?? null,
    trackingUrl: shipment.tracking?.tracking_url ?? null,
    shippedAt: shipment.actual_fulfillment_date ?? null,
    deliveredAt: shipment.delivery_date ?? null,
  };
}

type TNormalised = Omit<TDomainEvent, "deliveryId" | "occurredAt"> & { occurredAt: string | undefined };

// The payloads are kept to what a workflow needs; the recipient's name and address stay in ShipBob.
const TOPICS: Record<string, (rawBody: string, topic: string) => TNormalised> = {
  "order.shipped": (rawBody, topic) => {
    const order = parse(ZSbOrder, rawBody, topic);
    return {
      type: "order.shipped",
      occurredAt: latest(order.shipments.map((shipment) => shipment.actual_fulfillment_date)),
      correlationKey: order.reference_id,
      payload: { orderId: order.id, referenceId: order.reference_id, orderNumber: order.order_number ?? null, status: order.status, shipments: order.shipments.map(describeShipment) },
    };
  },
  "order.shipment.delivered": (rawBody, topic) => {
    const shipment = parse(ZSbShipment, rawBody, topic);
    return { type: "shipment.delivered", occurredAt: shipment.delivery_date ?? undefined, correlationKey: shipment.reference_id ?? String(shipment.order_id), payload: { orderId: shipment.order_id, referenceId: shipment.reference_id ?? null, ...describeShipment(shipment) } };
  },
  "order.shipment.cancelled": (rawBody, topic) => {
    const shipment = parse(ZSbShipment, rawBody, topic);
    return { type: "shipment.cancelled", occurredAt: shipment.last_update_at ?? undefined, correlationKey: shipment.reference_id ?? String(shipment.order_id), payload: { orderId: shipment.order_id, referenceId: shipment.reference_id ?? null, ...describeShipment(shipment) } };
  },
  "return.created": (rawBody, topic) => describeReturn("return.created", parse(ZSbReturn, rawBody, topic)),
  "return.completed": (rawBody, topic) => describeReturn("return.completed", parse(ZSbReturn, rawBody, topic)),
};

function describeReturn(type: string, shipbobReturn: z.output<typeof ZSbReturn>): TNormalised {
  return {
    type,
    occurredAt: (type === "return.completed" ? shipbobReturn.completed_date : shipbobReturn.insert_date) ?? undefined,
    correlationKey: shipbobReturn.reference_id,
    payload: {
      returnId: shipbobReturn.id,
      referenceId: shipbobReturn.reference_id,
      status: shipbobReturn.status,
      originalShipmentId: shipbobReturn.original_shipment_id ?? null,
      items: shipbobReturn.inventory.map((item) => ({ inventoryId: item.id, sku: item.sku ?? null, quantity: item.quantity, action: item.action_requested?.action ?? null })),
    },
  };
}

/**
 * The topic travels in `x-webhook-topic`, not the body. ShipBob has no topic for a
 * shipment being created (shipments exist from the moment the order does), so the
 * first shipping signal is order.shipped: all of the order's labels are printed.
 */
function normalise(request: TInboundWebhook): TDomainEvent {
  const topic = request.headers["x-webhook-topic"] ?? "";
  const handler = Object.hasOwn(TOPICS, topic) ? TOPICS[topic] : undefined;
  if (!handler) throw new WebhookPayloadError(`ShipBob webhook topic "${topic}" is not one this connector handles (${Object.keys(TOPICS).join(", ")})`);
  const event = handler(request.rawBody, topic);
  const signedAt = new Date(Number(request.headers["webhook-timestamp"]) * 1000);
  return {
    ...event,
    // Stable across ShipBob's retries of one message.
    deliveryId: request.headers["webhook-id"]!,
    occurredAt: new Date(event.occurredAt ?? (Number.isNaN(signedAt.getTime()) ? request.receivedAt : signedAt)).toISOString(),
  };
}

export const SHIPBOB_EVENTS = ["order.shipped", "shipment.delivered", "shipment.cancelled", "return.created", "return.completed"] as const;

export const shipbobWebhook: TWebhookTrigger<TShipBobConfig, TShipBobSecrets> = { events: SHIPBOB_EVENTS, verify, normalise };
