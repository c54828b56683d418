import { createHmac, randomUUID } from "node:crypto";
import { type TSimulatorContext } from "../../vendor";
import { type TSentWebhook } from "../../webhook-sender";
import { type TSquareState } from "./state";

/** x-square-hmacsha256-signature: base64 HMAC-SHA256 of notification URL + raw body, keyed with the subscription's signature key. */
export function signSquareWebhook(signatureKey: string, notificationUrl: string, body: string): string {
  return createHmac("sha256", signatureKey).update(notificationUrl + body, "utf8").digest("base64");
}

/** One event as Square posts it. */
export interface TSquareEvent {
  /** "inventory.count.updated", "order.created", "refund.created", … */
  type: string;
  data: { type: string; id: string; object: object };
  /** Override to send an old (stale) event. @defaultValue now */
  createdAt?: string;
}

export interface TEmitSquareEventOptions {
  context: TSimulatorContext;
  state: TSquareState;
  event: TSquareEvent;
}

/** Delivers one event (one event_id) to every enabled subscription that lists its type. */
export async function emitSquareEvent({ context, state, event }: TEmitSquareEventOptions): Promise<TSentWebhook[]> {
  const body = JSON.stringify({ merchant_id: state.merchantId, type: event.type, event_id: randomUUID(), created_at: event.createdAt ?? new Date().toISOString(), data: event.data });
  const subscriptions = state.subscriptions.filter((s) => s.enabled && s.event_types.includes(event.type));
  return Promise.all(
    subscriptions.map((subscription) =>
      context.webhooks.send("square", subscription.notification_url, {
        "x-square-hmacsha256-signature": signSquareWebhook(subscription.signature_key, subscription.notification_url, body),
        "square-environment": "Sandbox",
        "square-initial-delivery-timestamp": new Date().toISOString(),
        "square-retry-number": "0",
      }, body),
    ),
  );
}
