import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { type TDomainEvent, type TInboundWebhook, type TWebhookTrigger } from "../../sdk/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../sdk/errors";
import { type TShopifyConfig, type TShopifySecrets } from "./config";

/** Shopify topics we name in our terms; any other topic passes through as `shopify.<topic>`. */
const TOPIC_TYPES: Record<string, string> = {
  "inventory_levels/update": "inventory.level.updated",
  "orders/create": "order.created",
  "orders/fulfilled": "order.fulfilled",
  "refunds/create": "refund.created",
  "returns/request": "return.requested",
};

// Only what naming the event needs; a field of another shape is ignored, never a reason to refuse.
const ZId = z.union([z.number(), z.string()]).optional().catch(undefined);
const ZText = z.string().optional().catch(undefined);
const ZReference = z.looseObject({
  inventory_item_id: ZId,
  admin_graphql_api_id: ZText,
  order_id: ZId,
  order: z.looseObject({ admin_graphql_api_id: ZText, id: ZId }).optional().catch(undefined),
  updated_at: ZText,
  created_at: ZText,
});
type TReference = z.output<typeof ZReference>;

/**
 * Checks X-Shopify-Hmac-Sha256: the base64 HMAC-SHA256 of the raw body keyed with the app's
 * client secret, compared in constant time. Shopify signs no timestamp, so replays are
 * caught by the ingress storing each X-Shopify-Webhook-Id once.
 */
function verifyShopifyWebhook(request: TInboundWebhook, context: { secrets: TShopifySecrets }): void {
  const secret = context.secrets.clientSecret;
  if (!secret) throw new WebhookVerificationError("this Shopify connection has no client secret to check webhooks with");
  const header = request.headers["x-shopify-hmac-sha256"];
  if (!header) throw new WebhookVerificationError("the request has no X-Shopify-Hmac-Sha256 header");
  const expected = createHmac("sha256", secret).update(request.rawBody, "utf8").digest();
  const given = Buffer.from(header, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookVerificationError("X-Shopify-Hmac-Sha256 does not match the body");
  }
}

function toIso(value: string | undefined): string | undefined {
  const time = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

// The order a refund or return belongs to; the inventory item a level is of.
function correlationKeyOf(topic: string, body: TReference): string | undefined {
  if (topic.startsWith("inventory_levels/")) return body.inventory_item_id === undefined ? undefined : `gid://shopify/InventoryItem/${body.inventory_item_id}`;
  if (topic.startsWith("orders/")) return body.admin_graphql_api_id;
  if (topic.startsWith("refunds/")) return body.order_id === undefined ? undefined : `gid://shopify/Order/${body.order_id}`;
  if (topic.startsWith("returns/")) return body.order?.admin_graphql_api_id ?? (body.order?.id === undefined ? undefined : `gid://shopify/Order/${body.order.id}`);
  return body.admin_graphql_api_id;
}

function normaliseShopifyWebhook(request: TInboundWebhook): TDomainEvent {
  const deliveryId = request.headers["x-shopify-webhook-id"];
  const topic = request.headers["x-shopify-topic"];
  if (!deliveryId || !topic) throw new WebhookPayloadError("a Shopify webhook carries X-Shopify-Webhook-Id and X-Shopify-Topic");
  let raw: unknown;
  try {
    raw = JSON.parse(request.rawBody);
  } catch (error) {
    throw new WebhookPayloadError(`the ${topic} body is not JSON`, { cause: error });
  }
  const parsed = ZReference.safeParse(raw);
  if (!parsed.success) throw new WebhookPayloadError(`the ${topic} body is not a JSON object`);
  const body = parsed.data;
  const correlationKey = correlationKeyOf(topic, body);
  return {
    deliveryId,
    type: TOPIC_TYPES[topic] ?? `shopify.${topic.replaceAll("/", ".")}`,
    occurredAt: toIso(request.headers["x-shopify-triggered-at"]) ?? toIso(body.updated_at ?? body.created_at) ?? request.receivedAt.toISOString(),
    ...(correlationKey ? { correlationKey } : {}),
    // The body as Shopify sent it, not the parsed copy (which drops what it could not read).
    payload: raw as Record<string, unknown>,
  };
}

export const shopifyWebhook: TWebhookTrigger<TShopifyConfig, TShopifySecrets> = {
  events: Object.values(TOPIC_TYPES),
  verify: verifyShopifyWebhook,
  normalise: normaliseShopifyWebhook,
};
