import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shopifySimulator, signShopifyWebhook, startSimulator, toShopifyGid, type TSentWebhook, type TShopifySimulator, type TSimulator } from "@storeflow/simulator";
import { type TInboundWebhook } from "../../sdk/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../sdk/errors";
import { invokeAction } from "../../sdk/invoke";
import { shopifyConnector } from "./connector";

let sim: TSimulator;
let shop: TShopifySimulator;
let sinkUrl: string;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [shopifySimulator] });
  shop = sim.vendor<TShopifySimulator>("shopify");
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.reset();
  // Deliveries are recorded whatever the receiver answers, so any URL works as a sink.
  sinkUrl = `${sim.url}/_sim/sink/${randomUUID()}`;
});

const webhook = shopifyConnector.webhook!;
const config = () => shopifyConnector.config.parse({ shopDomain: shop.state.shop.domain, baseUrl: `${sim.url}/shopify` });
const secrets = () => ({ accessToken: shop.state.credentials.accessToken, clientSecret: shop.state.credentials.clientSecret });

function inbound(delivery: Pick<TSentWebhook, "headers" | "body" | "url">, change: Partial<TInboundWebhook> = {}): TInboundWebhook {
  return { headers: delivery.headers, rawBody: delivery.body, url: delivery.url, receivedAt: new Date(), ...change };
}

function deliveriesOf(topic: string): TSentWebhook[] {
  return sim.webhooks.sent.filter((d) => d.headers["x-shopify-topic"] === topic);
}

function invoke(operation: string, input: unknown) {
  return invokeAction(shopifyConnector, { operation, input, idempotencyKey: randomUUID(), config: config(), secrets: secrets(), fetch: (url, init) => fetch(url, init), signal: AbortSignal.timeout(10_000) });
}

async function subscribeWithGraphql(topic: string): Promise<void> {
  const response = await fetch(`${sim.url}/shopify/admin/api/2026-01/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": shop.state.credentials.accessToken },
    body: JSON.stringify({
      query: "mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) { webhookSubscription { id } userErrors { message } } }",
      variables: { topic, sub: { uri: sinkUrl, format: "JSON" } },
    }),
  });
  const body = (await response.json()) as { data: { webhookSubscriptionCreate: { userErrors: unknown[] } } };
  expect(body.data.webhookSubscriptionCreate.userErrors).toEqual([]);
}

describe("Shopify webhooks", () => {
  it("verifies and normalises the inventory_levels/update the simulator sends after an adjustment", async () => {
    await subscribeWithGraphql("INVENTORY_LEVELS_UPDATE");
    const item = shop.findVariant("TOTE-NAT").inventoryItemId;
    await invoke("adjustInventoryQuantities", { changes: [{ inventoryItemId: item, locationId: shop.state.locations[0]!.id, delta: -2 }] });
    await shop.settle();
    const [delivery] = deliveriesOf("inventory_levels/update");
    expect(delivery).toBeDefined();
    const request = inbound(delivery!);
    expect(() => webhook.verify(request, { config: config(), secrets: secrets() })).not.toThrow();
    const event = webhook.normalise(request, { config: config() });
    expect(event).toMatchObject({
      deliveryId: delivery!.headers["x-shopify-webhook-id"],
      type: "inventory.level.updated",
      correlationKey: toShopifyGid("InventoryItem", item),
      payload: { inventory_item_id: item, available: 5 },
    });
    expect(Date.parse(event.occurredAt)).not.toBeNaN();
  });

  it("refuses a tampered body, a wrong secret, a missing signature and a connection without a secret", async () => {
    shop.subscribe("orders/create", sinkUrl);
    await shop.createOrder({ lineItems: [{ sku: "TEE-BLK-L", quantity: 1 }] });
    const [delivery] = deliveriesOf("orders/create");
    const good = inbound(delivery!);
    expect(() => webhook.verify(good, { config: config(), secrets: secrets() })).not.toThrow();
    const tampered = inbound(delivery!, { rawBody: delivery!.body.replace('"quantity":1', '"quantity":9') });
    expect(tampered.rawBody).not.toBe(good.rawBody);
    expect(() => webhook.verify(tampered, { config: config(), secrets: secrets() })).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(good, { config: config(), secrets: { ...secrets(), clientSecret: "shpss_another_app" } })).toThrow(WebhookVerificationError);
    const { "x-shopify-hmac-sha256": _dropped, ...unsigned } = delivery!.headers;
    expect(() => webhook.verify(inbound(delivery!, { headers: unsigned }), { config: config(), secrets: secrets() })).toThrow(/no X-Shopify-Hmac-Sha256/);
    expect(() => webhook.verify(good, { config: config(), secrets: { accessToken: "shpat_x" } })).toThrow(/no client secret/);
  });

  it("normalises orders/create and refunds/create to the order they are about", async () => {
    shop.subscribe("orders/create", sinkUrl);
    shop.subscribe("refunds/create", sinkUrl);
    const order = await shop.createOrder({ lineItems: [{ sku: "TEE-BLK-M", quantity: 1 }] });
    await invoke("createRefund", { orderId: order.id, transactions: [{ amount: "5.00", gateway: "bogus", parentId: order.transactions[0]!.id }] });
    await shop.settle();
    const created = webhook.normalise(inbound(deliveriesOf("orders/create")[0]!), { config: config() });
    expect(created).toMatchObject({ type: "order.created", correlationKey: toShopifyGid("Order", order.id), payload: { name: order.name } });
    const refundDelivery = deliveriesOf("refunds/create")[0]!;
    expect(() => webhook.verify(inbound(refundDelivery), { config: config(), secrets: secrets() })).not.toThrow();
    const refunded = webhook.normalise(inbound(refundDelivery), { config: config() });
    expect(refunded).toMatchObject({ type: "refund.created", correlationKey: toShopifyGid("Order", order.id), payload: { order_id: order.id, transactions: [{ amount: "5.00" }] } });
  });

  it("keeps the webhook id on redelivery, so the ingress stores the event once", async () => {
    shop.subscribe("orders/create", sinkUrl);
    await shop.emitOrderCreated(shop.state.orders[0]!.id);
    const original = deliveriesOf("orders/create")[0]!;
    const again = await sim.webhooks.redeliver(original);
    expect(webhook.normalise(inbound(again), { config: config() }).deliveryId).toBe(webhook.normalise(inbound(original), { config: config() }).deliveryId);
    expect(() => webhook.verify(inbound(again), { config: config(), secrets: secrets() })).not.toThrow();
  });

  it("names returns/request and orders/fulfilled as our events and passes other topics through", () => {
    const secret = shop.state.credentials.clientSecret;
    const sign = (topic: string, body: string) => inbound({ url: sinkUrl, body, headers: { "x-shopify-topic": topic, "x-shopify-webhook-id": randomUUID(), "x-shopify-hmac-sha256": signShopifyWebhook(secret, body) } });
    const returned = sign("returns/request", JSON.stringify({ id: 71, admin_graphql_api_id: "gid://shopify/Return/71", status: "requested", order: { id: 450789469, admin_graphql_api_id: "gid://shopify/Order/450789469" } }));
    expect(() => webhook.verify(returned, { config: config(), secrets: secrets() })).not.toThrow();
    expect(webhook.normalise(returned, { config: config() })).toMatchObject({ type: "return.requested", correlationKey: "gid://shopify/Order/450789469" });
    const other = sign("products/update", JSON.stringify({ id: 9, admin_graphql_api_id: "gid://shopify/Product/9", updated_at: "2026-02-01T10:00:00-05:00" }));
    expect(webhook.normalise(other, { config: config() })).toMatchObject({ type: "shopify.products.update", occurredAt: "2026-02-01T15:00:00.000Z", correlationKey: "gid://shopify/Product/9" });
    const fulfilled = sign("orders/fulfilled", JSON.stringify({ id: 450789469, admin_graphql_api_id: "gid://shopify/Order/450789469", updated_at: "2026-02-01T10:00:00-05:00" }));
    expect(webhook.normalise(fulfilled, { config: config() })).toMatchObject({ type: "order.fulfilled", correlationKey: "gid://shopify/Order/450789469" });
    expect(webhook.events).toEqual(["inventory.level.updated", "order.created", "order.fulfilled", "refund.created", "return.requested"]);
  });

  it("refuses a verified body that is not a JSON object", () => {
    const body = "[1,2,3]";
    const request = inbound({ url: sinkUrl, body, headers: { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "w1", "x-shopify-hmac-sha256": signShopifyWebhook(shop.state.credentials.clientSecret, body) } });
    expect(() => webhook.verify(request, { config: config(), secrets: secrets() })).not.toThrow();
    expect(() => webhook.normalise(request, { config: config() })).toThrow(WebhookPayloadError);
    expect(() => webhook.normalise({ ...request, rawBody: "{not json" }, { config: config() })).toThrow(WebhookPayloadError);
  });
});
