import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TInboundWebhook } from "../../sdk/connector";
import { WebhookPayloadError, WebhookVerificationError } from "../../sdk/errors";
import { shipbobConnector } from "./connector";
import { ORDER, startShipBob, type TShipBobHarness } from "./test-support";

let h: TShipBobHarness;
const webhook = shipbobConnector.webhook!;

beforeAll(async () => {
  h = await startShipBob();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

const verifyWith = (request: TInboundWebhook, webhookSecret = h.sb.state.webhookSecret) => webhook.verify(request, { config: h.context().config, secrets: { ...h.context().secrets, webhookSecret } });

async function shippedWebhook(): Promise<TInboundWebhook> {
  await h.subscribe(["order.shipped", "order.shipment.delivered"]);
  const created = (await h.invoke("createOrder", ORDER)) as { order: { shipments: { id: number }[] } };
  // ShipBob's sandbox Simulation API, as a test or demo would drive it.
  const response = await fetch(`${h.sim.url}/shipbob/2026-01/simulate/shipment`, {
    method: "POST",
    headers: { authorization: `Bearer ${h.sb.state.tokens[0]}`, "content-type": "application/json" },
    body: JSON.stringify({ shipment_id: String(created.order.shipments[0]!.id), simulation: { action: "ShipOrder", next: { action: "DeliverOrder" } } }),
  });
  expect(response.status).toBe(200);
  return h.nextWebhook("order.shipped");
}

// Standard Webhooks' published test vector; the secret is the example in ShipBob's webhook documentation.
const DOCUMENTED = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: "1614265330",
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

function documented(overrides: Partial<Record<string, string>> = {}, receivedAt = new Date(Number(DOCUMENTED.timestamp) * 1000)): TInboundWebhook {
  return {
    headers: { "webhook-id": DOCUMENTED.id, "webhook-timestamp": DOCUMENTED.timestamp, "webhook-signature": DOCUMENTED.signature, "x-webhook-topic": "order.shipped", ...overrides },
    rawBody: DOCUMENTED.body,
    url: "https://hooks.example.com/in/shipbob",
    receivedAt,
  };
}

describe("ShipBob webhooks", () => {
  it("a shipped order arrives signed, verifies, and becomes order.shipped for our order reference", async () => {
    const request = await shippedWebhook();
    expect(() => verifyWith(request)).not.toThrow();
    const event = webhook.normalise(request, { config: h.context().config });
    expect(event).toMatchObject({
      deliveryId: request.headers["webhook-id"],
      type: "order.shipped",
      correlationKey: "shop-order-1001",
      payload: { referenceId: "shop-order-1001", status: "Fulfilled", shipments: [{ status: "Completed", carrier: "USPS", trackingNumber: expect.stringMatching(/^9400/) }] },
    });
    // The recipient's personal data stays in ShipBob.
    expect(JSON.stringify(event)).not.toContain("John Doe");
    expect(JSON.stringify(event)).not.toContain("Racine");
  });

  it("turns the delivery notice into shipment.delivered", async () => {
    await shippedWebhook();
    const request = await h.nextWebhook("order.shipment.delivered");
    verifyWith(request);
    expect(webhook.normalise(request, { config: h.context().config })).toMatchObject({ type: "shipment.delivered", correlationKey: "shop-order-1001", payload: { deliveredAt: expect.any(String) } });
  });

  it("turns a new return into return.created for its RMA", async () => {
    await h.subscribe(["return.created"]);
    await h.invoke("createReturn", { referenceId: "RMA-77", fulfillmentCenterId: 22, items: [{ sku: "LIGHT-ROAST", quantity: 2 }] });
    const request = await h.nextWebhook("return.created");
    verifyWith(request);
    expect(webhook.normalise(request, { config: h.context().config })).toMatchObject({ type: "return.created", correlationKey: "RMA-77", payload: { items: [{ sku: "LIGHT-ROAST", quantity: 2 }] } });
  });

  it("rejects a tampered body", async () => {
    const request = await shippedWebhook();
    expect(() => verifyWith({ ...request, rawBody: request.rawBody.replace('"Fulfilled"', '"Cancelled"') })).toThrow(new WebhookVerificationError("the ShipBob webhook signature does not match"));
  });

  it("rejects a delivery checked against another secret, or when the connection has none", async () => {
    const request = await shippedWebhook();
    expect(() => verifyWith(request, "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCE=")).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(request, { config: h.context().config, secrets: { personalAccessToken: "x" } })).toThrow(/no webhook signing secret/);
  });

  it("rejects a stale or future-dated delivery, even with a valid signature", async () => {
    const request = await shippedWebhook();
    const signedAt = Number(request.headers["webhook-timestamp"]) * 1000;
    expect(() => verifyWith({ ...request, receivedAt: new Date(signedAt + 6 * 60_000) })).toThrow(/signed 3\d\d s before it arrived/);
    expect(() => verifyWith({ ...request, receivedAt: new Date(signedAt - 6 * 60_000) })).toThrow(/after it arrived/);
    expect(() => verifyWith({ ...request, receivedAt: new Date(signedAt + 4 * 60_000) })).not.toThrow();
  });

  it("rejects an unsigned legacy delivery and says why", () => {
    const legacy: TInboundWebhook = { headers: { "shipbob-topic": "order_shipped", "shipbob-subscription-id": "1582" }, rawBody: "{}", url: "https://hooks.example.com/in/shipbob", receivedAt: new Date() };
    expect(() => verifyWith(legacy)).toThrow(/legacy 1\.0\/2\.0 subscription/);
  });

  it("verifies the published Standard Webhooks example with ShipBob's example secret", () => {
    expect(() => verifyWith(documented(), DOCUMENTED.secret)).not.toThrow();
    // Several signatures during a secret rotation: one match is enough.
    expect(() => verifyWith(documented({ "webhook-signature": `v1,bm90IGl0 ${DOCUMENTED.signature}` }), DOCUMENTED.secret)).not.toThrow();
    expect(() => verifyWith(documented({ "webhook-id": "msg_another" }), DOCUMENTED.secret)).toThrow(WebhookVerificationError);
    expect(() => verifyWith(documented({ "webhook-signature": "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" }), DOCUMENTED.secret)).toThrow(WebhookVerificationError);
    // The example body is not an order: verified, yet not normalisable.
    expect(() => webhook.normalise(documented(), { config: h.context().config })).toThrow(WebhookPayloadError);
  });

  it("computes the signature exactly as documented: HMAC-SHA256 of id.timestamp.body under the decoded secret", () => {
    const key = Buffer.from(DOCUMENTED.secret.slice("whsec_".length), "base64");
    const signature = createHmac("sha256", key).update(`${DOCUMENTED.id}.${DOCUMENTED.timestamp}.${DOCUMENTED.body}`).digest("base64");
    expect(`v1,${signature}`).toBe(DOCUMENTED.signature);
  });

  it("refuses a topic it does not handle", () => {
    const body = JSON.stringify({ id: 1 });
    const request: TInboundWebhook = { ...documented({ "x-webhook-topic": "wro.created" }), rawBody: body };
    expect(() => webhook.normalise(request, { config: h.context().config })).toThrow(/topic "wro\.created" is not one this connector handles/);
  });
});
