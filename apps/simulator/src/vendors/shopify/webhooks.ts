import { createHmac, randomUUID } from "node:crypto";
import { type TSentWebhook } from "../../webhook-sender";
import { type TSimulatorContext } from "../../vendor";
import { type TShopifyState } from "./state";

/** X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body, keyed with the app's client secret. */
export function signShopifyWebhook(clientSecret: string, body: string): string {
  return createHmac("sha256", clientSecret).update(body, "utf8").digest("base64");
}

export interface TEmitShopifyWebhookOptions {
  context: TSimulatorContext;
  state: TShopifyState;
  /** REST form: "inventory_levels/update". */
  topic: string;
  body: object;
}

/** Delivers one event to every subscription on `topic`, each with its own webhook id. */
export async function emitShopifyWebhook({ context, state, topic, body }: TEmitShopifyWebhookOptions): Promise<TSentWebhook[]> {
  const raw = JSON.stringify(body);
  const eventId = randomUUID();
  const triggeredAt = new Date().toISOString();
  const subscriptions = state.webhookSubscriptions.filter((s) => s.topic === topic);
  return Promise.all(
    subscriptions.map((subscription) =>
      context.webhooks.send("shopify", subscription.uri, {
        "x-shopify-topic": topic,
        "x-shopify-hmac-sha256": signShopifyWebhook(state.credentials.clientSecret, raw),
        "x-shopify-shop-domain": state.shop.domain,
        "x-shopify-api-version": subscription.apiVersion,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": eventId,
        "x-shopify-triggered-at": triggeredAt,
      }, raw),
    ),
  );
}
