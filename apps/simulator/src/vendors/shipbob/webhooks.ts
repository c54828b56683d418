import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { type TSimulatorContext } from "../../vendor";
import { validationError } from "./errors";
import { type TSbState, type TSbSubscription } from "./state";

// Topics of the dated API's webhooks (2025-07 onwards).
export const SHIPBOB_TOPICS = new Set([
  "order.shipped",
  "order.shipment.delivered",
  "order.shipment.exception",
  "order.shipment.on_hold",
  "order.shipment.cancelled",
  "order.shipment.tracking.updated",
  "return.created",
  "return.updated",
  "return.completed",
]);

export function createSubscription(state: TSbState, raw: unknown): TSbSubscription {
  const body = (raw && typeof raw === "object" ? raw : {}) as { topics?: unknown; url?: unknown };
  const topics = Array.isArray(body.topics) ? body.topics.filter((topic): topic is string => typeof topic === "string") : [];
  const errors: Record<string, string[]> = {};
  if (topics.length === 0 || topics.some((topic) => !SHIPBOB_TOPICS.has(topic))) errors.Topics = [`Topics must be one or more of ${[...SHIPBOB_TOPICS].join(", ")}.`];
  if (typeof body.url !== "string" || !URL.canParse(body.url)) errors.Url = ["The Url field is not a valid URL."];
  if (Object.keys(errors).length) throw validationError(errors);
  const subscription: TSbSubscription = { id: state.nextId++, topics, url: body.url as string, created_at: new Date().toISOString() };
  state.subscriptions.push(subscription);
  return subscription;
}

/**
 * Delivers `payload` to every subscription of `topic`, signed the Standard Webhooks
 * way ShipBob signs them: `webhook-id`, `webhook-timestamp`, `webhook-signature`
 * (v1, HMAC-SHA256 of "id.timestamp.body" under the whsec_ key) and `x-webhook-topic`.
 */
export function emitWebhook(options: { state: TSbState; context: TSimulatorContext; topic: string; payload: unknown }): void {
  const { state, context, topic } = options;
  const body = JSON.stringify(options.payload);
  for (const subscription of state.subscriptions.filter((candidate) => candidate.topics.includes(topic))) {
    const id = `msg_${randomBytes(18).toString("base64url")}`;
    const now = new Date();
    const headers = {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(state.webhookSecret).sign(id, now, body),
      "x-webhook-topic": topic,
    };
    void context.webhooks.send("shipbob", subscription.url, headers, body);
  }
}
