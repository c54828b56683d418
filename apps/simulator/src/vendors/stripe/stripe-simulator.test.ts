import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeCheckoutSession, startStripeSimulator, type TStripeSimulator } from ".";

let sim: TStripeSimulator;
let stripe: Stripe;
let receiver: Server;
const received: { body: string; signature: string }[] = [];
const secret = "whsec_test_simulator";

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["stripe-signature"]) });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  sim = await startStripeSimulator({ webhookEndpoints: [{ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, secret }] });
  stripe = new Stripe(sim.secretKey, { host: sim.host, port: sim.port, protocol: sim.protocol, maxNetworkRetries: 0 });
});
afterAll(async () => {
  await sim.close();
  receiver.close();
});

describe("the Stripe simulator, through the real SDK", () => {
  it("replays a response for the same idempotency key and params, and refuses other params", async () => {
    const first = await stripe.customers.create({ email: "a@example.test", metadata: { partner: "p1" } }, { idempotencyKey: "cust-p1" });
    const again = await stripe.customers.create({ metadata: { partner: "p1" }, email: "a@example.test" }, { idempotencyKey: "cust-p1" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    await expect(stripe.customers.create({ email: "b@example.test" }, { idempotencyKey: "cust-p1" })).rejects.toMatchObject({ type: "StripeIdempotencyError", statusCode: 400 });
    const recorded = sim.core.requests.filter((r) => r.idempotencyKey === "cust-p1");
    expect(recorded.map((r) => [r.status, r.replayed])).toEqual([[200, false], [200, true], [400, false]]);
    expect(recorded[0]!.params).toEqual({ email: "a@example.test", metadata: { partner: "p1" } });
    expect(sim.core.objects.list(null, "customer", (c) => c.email === "a@example.test")).toHaveLength(1);
  });

  it("does not save a request rejected for a missing param, so a corrected retry with the key runs", async () => {
    const product = await stripe.products.create({ name: "Plan" });
    await expect(stripe.prices.create({ currency: "eur", product: product.id }, { idempotencyKey: "price-1" })).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "unit_amount" });
    await expect(stripe.prices.create({ currency: "eur", product: product.id }, { idempotencyKey: "price-1" })).rejects.toMatchObject({ type: "StripeInvalidRequestError" });
  });

  it("pages lists with starting_after and has_more, and expands ids", async () => {
    for (let i = 0; i < 3; i++) await stripe.customers.create({ email: `page-${i}@example.test` });
    const firstPage = await stripe.customers.list({ limit: 2 });
    expect(firstPage.has_more).toBe(true);
    const secondPage = await stripe.customers.list({ limit: 2, starting_after: firstPage.data[1]!.id });
    expect(secondPage.data[0]!.id).not.toBe(firstPage.data[1]!.id);
    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) all.push(customer.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(sim.core.objects.list(null, "customer").length);
  });

  it("answers with Stripe's errors for a bad key, an unknown account and a missing object", async () => {
    const wrong = new Stripe("sk_test_wrong_key_1234", { host: sim.host, port: sim.port, protocol: "http", maxNetworkRetries: 0 });
    await expect(wrong.customers.list()).rejects.toMatchObject({ type: "StripeAuthenticationError", statusCode: 401 });
    await expect(stripe.customers.list({}, { stripeAccount: "acct_missing" })).rejects.toMatchObject({ type: "StripePermissionError", statusCode: 403 });
    await expect(stripe.customers.retrieve("cus_nope")).rejects.toMatchObject({ type: "StripeInvalidRequestError", code: "resource_missing", statusCode: 404 });
  });

  it("bills a subscription: checkout, metered usage in arrears, events signed for the SDK to verify", async () => {
    const customer = await stripe.customers.create({ email: "billing@example.test" });
    const product = await stripe.products.create({ name: "Runs" });
    const meter = await stripe.billing.meters.create({ display_name: "Runs", event_name: "sim_runs", default_aggregation: { formula: "sum" } });
    const base = await stripe.prices.create({ currency: "eur", product: product.id, unit_amount: 4900, recurring: { interval: "month" } });
    const metered = await stripe.prices.create({
      currency: "eur",
      product: product.id,
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [{ up_to: 100, unit_amount: 0 }, { up_to: "inf", unit_amount: 2 }],
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, line_items: [{ price: base.id, quantity: 1 }, { price: metered.id }], success_url: "http://x.test/ok" });
    completeCheckoutSession(sim.core, session.id);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect((completed.subscription as Stripe.Subscription).status).toBe("active");
    await stripe.billing.meterEvents.create({ event_name: "sim_runs", payload: { stripe_customer_id: customer.id, value: "150" }, identifier: "u-1" });
    await stripe.billing.meterEvents.create({ event_name: "sim_runs", payload: { stripe_customer_id: customer.id, value: "150" }, identifier: "u-1" });
    await sim.core.advanceClock(32 * 86_400);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.total, i.status])).toEqual([["subscription_cycle", 4900 + 50 * 2, "paid"], ["subscription_create", 4900, "paid"]]);
    await sim.core.events.flush();
    const types = received.map((r) => Stripe.webhooks.constructEvent(r.body, r.signature, secret).type);
    expect(types).toContain("checkout.session.completed");
    expect(types).toContain("invoice.paid");
    expect(() => Stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, "whsec_other")).toThrow();
  });
});
