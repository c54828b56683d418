import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { squareSimulator, startSimulator, type TSentWebhook, type TSimulator, type TSquareSimulator } from "@storeflow/simulator";
import { type TInboundWebhook } from "../../sdk/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../sdk/errors";
import { invokeAction } from "../../sdk/invoke";
import { squareConnector } from "./connector";

let sim: TSimulator;
let square: TSquareSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [squareSimulator] });
  square = sim.vendor<TSquareSimulator>("square");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const webhook = squareConnector.webhook!;
const config = (extra: Record<string, unknown> = {}) => squareConnector.config.parse({ baseUrl: `${sim.url}/square`, locationId: square.state.locations[0]!.id, ...extra });

function inbound(delivery: Pick<TSentWebhook, "headers" | "body" | "url">, change: Partial<TInboundWebhook> = {}): TInboundWebhook {
  return { headers: delivery.headers, rawBody: delivery.body, url: delivery.url, receivedAt: new Date(), ...change };
}

function invoke(operation: string, input: unknown) {
  return invokeAction(squareConnector, {
    operation,
    input,
    idempotencyKey: randomUUID(),
    config: config(),
    secrets: { accessToken: square.state.accessToken },
    fetch: (url, init) => fetch(url, init),
    signal: AbortSignal.timeout(10_000),
  });
}

/** Subscribes through Square's CreateWebhookSubscription and returns the signature key it hands out. */
async function subscribe(eventTypes: string[]): Promise<{ url: string; signatureKey: string }> {
  // Deliveries are recorded whatever the receiver answers, so any URL works as a sink.
  const url = `${sim.url}/_sim/sink/${randomUUID()}`;
  const response = await fetch(`${sim.url}/square/v2/webhooks/subscriptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${square.state.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ idempotency_key: randomUUID(), subscription: { name: "storeflow", event_types: eventTypes, notification_url: url } }),
  });
  const { subscription } = (await response.json()) as { subscription: { signature_key: string } };
  return { url, signatureKey: subscription.signature_key };
}

function deliveriesTo(url: string): TSentWebhook[] {
  return sim.webhooks.sent.filter((d) => d.url === url);
}

describe("Square webhooks", () => {
  // Square's own test vector, from the WebhooksHelper tests of square/square-nodejs-sdk.
  const documented = {
    url: "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
    body: '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}',
    headers: { "x-square-hmacsha256-signature": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=" },
    signatureKey: "Ibxx_5AKakO-3qeNVR61Dw",
  };
  const documentedAt = (receivedAt: Date) => inbound(documented, { receivedAt });
  const arrivedOnTime = new Date("2022-07-13T20:31:01Z");

  it("verifies Square's documented example and normalises it by its event id", () => {
    const secrets = { accessToken: "x", webhookSignatureKey: documented.signatureKey };
    expect(() => webhook.verify(documentedAt(arrivedOnTime), { config: config(), secrets })).not.toThrow();
    expect(webhook.normalise(documentedAt(arrivedOnTime), { config: config() })).toMatchObject({
      deliveryId: "ac3ac95b-f97d-458c-a6e6-18981597e05f",
      type: "square.webhooks.test_notification",
      occurredAt: "2022-07-13T20:30:59.037Z",
      correlationKey: "bc368e64-01aa-407e-b46e-3231809b1129",
    });
  });

  it("refuses the documented example with a wrong key, another URL, a changed body, or arriving late", () => {
    const secrets = { accessToken: "x", webhookSignatureKey: documented.signatureKey };
    expect(() => webhook.verify(documentedAt(arrivedOnTime), { config: config(), secrets: { ...secrets, webhookSignatureKey: "MCmhFRxGX82xMwg5FsaoQA" } })).toThrow(WebhookVerificationError);
    expect(() => webhook.verify({ ...documentedAt(arrivedOnTime), url: "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9" }, { config: config(), secrets })).toThrow(/does not match/);
    expect(() => webhook.verify({ ...documentedAt(arrivedOnTime), rawBody: documented.body.replace("2022-07-13", "2022-06-13") }, { config: config(), secrets })).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(documentedAt(new Date()), { config: config(), secrets })).toThrow(/stale Square event/);
    expect(() => webhook.verify(documentedAt(arrivedOnTime), { config: config(), secrets: { accessToken: "x" } })).toThrow(/no webhook signature key/);
  });

  it("checks against the registered notification URL when a proxy changed the one the request arrived at", () => {
    const secrets = { accessToken: "x", webhookSignatureKey: documented.signatureKey };
    const proxied = { ...documentedAt(arrivedOnTime), url: "http://ingress.internal/webhooks/square/conn_1" };
    expect(() => webhook.verify(proxied, { config: config(), secrets })).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(proxied, { config: config({ webhookNotificationUrl: documented.url }), secrets })).not.toThrow();
  });

  it("verifies the inventory.count.updated the simulator sends after a change, and names the variation", async () => {
    const { url, signatureKey } = await subscribe(["inventory.count.updated"]);
    const variation = square.findVariation("MUG-BLUE").id;
    await invoke("changeInventory", { changes: [{ type: "ADJUSTMENT", catalogObjectId: variation, fromState: "IN_STOCK", toState: "SOLD", quantity: "1", occurredAt: new Date().toISOString() }] });
    await square.settle();
    const [delivery] = deliveriesTo(url);
    const request = inbound(delivery!);
    expect(() => webhook.verify(request, { config: config(), secrets: { accessToken: "x", webhookSignatureKey: signatureKey } })).not.toThrow();
    const event = webhook.normalise(request, { config: config() });
    expect(event).toMatchObject({ deliveryId: JSON.parse(delivery!.body).event_id, type: "inventory.level.updated", correlationKey: variation });
    expect(event.payload).toMatchObject({ data: { object: { inventory_counts: expect.arrayContaining([expect.objectContaining({ state: "IN_STOCK", quantity: "24" })]) } } });
    const tampered = { ...request, rawBody: delivery!.body.replace('"quantity":"24"', '"quantity":"99"') };
    expect(tampered.rawBody).not.toBe(request.rawBody);
    expect(() => webhook.verify(tampered, { config: config(), secrets: { accessToken: "x", webhookSignatureKey: signatureKey } })).toThrow(WebhookVerificationError);
  });

  it("normalises order.created, refund.created and refund.updated to the order", async () => {
    const { url, signatureKey } = await subscribe(["order.created", "refund.created", "refund.updated"]);
    const secrets = { accessToken: "x", webhookSignatureKey: signatureKey };
    const { order, payment } = await square.createOrder({ lineItems: [{ sku: "BEANS-1KG", quantity: 1 }] });
    await invoke("refundPayment", { paymentId: payment.id, amount: { amount: 3200, currency: "USD" } });
    await square.settle();
    await square.completeRefund(square.state.refunds[0]!.id);
    const events = deliveriesTo(url).map((delivery) => {
      webhook.verify(inbound(delivery), { config: config(), secrets });
      return webhook.normalise(inbound(delivery), { config: config() });
    });
    expect(events.map((e) => [e.type, e.correlationKey])).toEqual([
      ["order.created", order.id],
      ["refund.created", order.id],
      ["refund.updated", order.id],
    ]);
    expect(new Set(events.map((e) => e.deliveryId)).size).toBe(3);
  });

  it("refuses a correctly signed event that was created too long ago", async () => {
    const { url, signatureKey } = await subscribe(["order.created"]);
    const createdAt = new Date(Date.now() - 10 * 60_000).toISOString();
    await square.emitEvent({ type: "order.created", data: { type: "order_created", id: "ORD1", object: {} }, createdAt });
    const request = inbound(deliveriesTo(url)[0]!);
    const secrets = { accessToken: "x", webhookSignatureKey: signatureKey };
    expect(() => webhook.verify(request, { config: config(), secrets })).toThrow(/stale Square event/);
    expect(() => webhook.verify(request, { config: config({ webhookToleranceSeconds: 900 }), secrets })).not.toThrow();
  });

  it("keeps the event id on redelivery and refuses a body that is not a Square event", async () => {
    const { url } = await subscribe(["order.created"]);
    await square.emitOrderCreated(square.state.orders[0]!.id);
    const original = deliveriesTo(url)[0]!;
    const again = await sim.webhooks.redeliver(original);
    expect(webhook.normalise(inbound(again), { config: config() }).deliveryId).toBe(webhook.normalise(inbound(original), { config: config() }).deliveryId);
    expect(() => webhook.normalise(inbound(original, { rawBody: '{"type":"order.created"}' }), { config: config() })).toThrow(WebhookPayloadError);
    expect(webhook.events).toEqual(["inventory.level.updated", "order.created", "refund.created", "refund.updated"]);
  });
});
