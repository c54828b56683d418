import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { type TDomainEvent, type TInboundWebhook, type TWebhookTrigger } from "../../sdk/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../sdk/errors";
import { type TSquareConfig, type TSquareSecrets } from "./config";

/** Square event types we name in our terms; any other passes through as `square.<type>`. */
const EVENT_TYPES: Record<string, string> = {
  "inventory.count.updated": "inventory.level.updated",
  "order.created": "order.created",
  "refund.created": "refund.created",
  "refund.updated": "refund.updated",
};

// Only what naming the event needs; a field of another shape is ignored, never a reason to refuse.
const ZText = z.string().optional().catch(undefined);
const ZEvent = z.looseObject({
  event_id: z.string().min(1),
  type: z.string().min(1),
  created_at: z.string(),
  data: z
    .looseObject({
      id: ZText,
      object: z
        .looseObject({
          inventory_counts: z.array(z.looseObject({ catalog_object_id: ZText })).optional().catch(undefined),
          refund: z.looseObject({ order_id: ZText, payment_id: ZText }).optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

function readEvent(rawBody: string, onError: (message: string) => Error): { raw: Record<string, unknown>; event: z.output<typeof ZEvent> } {
  let raw: unknown;
  try {
    raw = JSON.parse(rawBody);
  } catch {
    throw onError("the body is not JSON");
  }
  const parsed = ZEvent.safeParse(raw);
  if (!parsed.success) throw onError("the body is not a Square event (event_id, type, created_at)");
  return { raw: raw as Record<string, unknown>, event: parsed.data };
}

/**
 * Checks x-square-hmacsha256-signature, the base64 HMAC-SHA256 of notification URL + raw
 * body keyed with the subscription's signature key (constant-time compare), then refuses
 * an event whose signed created_at is too far from its arrival: a captured delivery
 * replayed later is stale even though its signature still holds.
 */
function verifySquareWebhook(request: TInboundWebhook, context: { config: TSquareConfig; secrets: TSquareSecrets }): void {
  const key = context.secrets.webhookSignatureKey;
  if (!key) throw new WebhookVerificationError("this Square connection has no webhook signature key to check webhooks with");
  const header = request.headers["x-square-hmacsha256-signature"];
  if (!header) throw new WebhookVerificationError("the request has no x-square-hmacsha256-signature header");
  const url = context.config.webhookNotificationUrl ?? request.url;
  const expected = createHmac("sha256", key).update(url + request.rawBody, "utf8").digest();
  const given = Buffer.from(header, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookVerificationError("x-square-hmacsha256-signature does not match the notification URL and body");
  }
  const { event } = readEvent(request.rawBody, (message) => new WebhookVerificationError(`a signed Square webhook whose freshness cannot be checked: ${message}`));
  const createdAt = Date.parse(event.created_at);
  const skewMs = Math.abs(request.receivedAt.getTime() - createdAt);
  if (Number.isNaN(createdAt) || skewMs > context.config.webhookToleranceSeconds * 1000) {
    throw new WebhookVerificationError(`stale Square event: created_at ${event.created_at} is more than ${context.config.webhookToleranceSeconds}s from its arrival`);
  }
}

// The business object: the variation a count is of, the order a refund belongs to.
function correlationKeyOf(event: z.output<typeof ZEvent>): string | undefined {
  const object = event.data?.object;
  if (event.type.startsWith("inventory.")) return object?.inventory_counts?.[0]?.catalog_object_id;
  if (event.type.startsWith("refund.")) return object?.refund?.order_id ?? object?.refund?.payment_id ?? event.data?.id;
  return event.data?.id;
}

function normaliseSquareWebhook(request: TInboundWebhook): TDomainEvent {
  const { raw, event } = readEvent(request.rawBody, (message) => new WebhookPayloadError(message));
  const correlationKey = correlationKeyOf(event);
  return {
    deliveryId: event.event_id,
    type: EVENT_TYPES[event.type] ?? `square.${event.type}`,
    occurredAt: new Date(event.created_at).toISOString(),
    ...(correlationKey ? { correlationKey } : {}),
    payload: raw,
  };
}

export const squareWebhook: TWebhookTrigger<TSquareConfig, TSquareSecrets> = {
  events: Object.values(EVENT_TYPES),
  verify: verifySquareWebhook,
  normalise: normaliseSquareWebhook,
};
