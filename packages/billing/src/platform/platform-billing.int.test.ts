/**
 * Platform → partner billing end to end: the real stripe SDK against the local
 * Stripe server, the real PostgreSQL, and webhooks delivered over HTTP to the
 * production processor, signed as Stripe signs them.
 */
import { completeCheckoutSession, type TRecordedRequest } from "@storeflow/simulator";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "../stripe-client";
import { insertRuns, ownerActor, usePlatformBilling, WEBHOOK_SECRET } from "../test/platform-harness";
import { getBillingOverview } from "./overview";
import { startPlanChange } from "./plan-change";
import { syncPlans } from "./plan-sync";
import { PLANS, planLookupKeys } from "./plans";
import { reportUsage } from "./usage-report";

const h = usePlatformBilling();
const writes = (from = 0) => h.sim.core.requests.slice(from).filter((r) => r.method === "POST");
const billingOf = (partnerId: string) => h.t.adminDb.partnerBilling.findUnique({ where: { partnerId } });
const returnUrl = "https://portal.example.test/billing";

/** Subscribes the partner to `planKey` through Checkout, as the hosted page would, and waits for the webhooks. */
async function subscribe(partner: "A" | "B", planKey: string) {
  const result = await startPlanChange({ actor: ownerActor(h, partner), stripe: h.stripe, input: { planKey, returnUrl } });
  if (result.kind !== "checkout") throw new Error("expected a checkout");
  const sessionId = result.url.split("/").pop()!;
  completeCheckoutSession(h.sim.core, sessionId);
  await h.sim.core.events.flush();
  return sessionId;
}

beforeAll(async () => {
  // The seeded failed runs finished "now"; move them out of every billing period used here.
  await h.t.adminDb.$executeRaw`update workflow_runs set finished_at = '2020-01-01'`;
});

describe("plan sync", () => {
  it("creates the meter, products and prices once; a second sync writes nothing; a changed price moves its lookup key", async () => {
    const first = await syncPlans({ stripe: h.stripe });
    expect(first.map((p) => p.planKey)).toEqual(PLANS.map((p) => p.key));
    const afterFirst = h.sim.core.requests.length;
    expect(await syncPlans({ stripe: h.stripe })).toEqual(first);
    expect(writes(afterFirst)).toEqual([]);

    const changed = PLANS.map((p) => (p.key === "starter" ? { ...p, overagePerRun: 4 } : p));
    const third = await syncPlans({ stripe: h.stripe, plans: changed });
    const starter = third.find((p) => p.planKey === "starter")!;
    expect(starter.runsPriceId).not.toBe(first[0]!.runsPriceId);
    expect(starter.basePriceId).toBe(first[0]!.basePriceId);
    const old = await h.stripe.prices.retrieve(first[0]!.runsPriceId);
    expect([old.active, old.lookup_key]).toEqual([false, null]);
    // Back to the code's plans: a new price again (prices never change), keyed by what it asks for.
    const restored = await syncPlans({ stripe: h.stripe });
    const current = await h.stripe.prices.list({ lookup_keys: [planLookupKeys({ key: "starter" }).runs] });
    expect(current.data.map((p) => p.id)).toEqual([restored[0]!.runsPriceId]);
    expect(current.data[0]!.tiers?.map((t) => [t.up_to, t.unit_amount])).toEqual([[2_000, 0], [null, 3]]);
    // Every write carried a key, and none was a fresh SDK-made one.
    for (const request of writes(afterFirst)) expect(request.idempotencyKey).toMatch(/^storeflow-/);
  });
});

describe("checkout, webhooks and subscription state", () => {
  it("subscribes a partner through Checkout; the webhooks make its subscription active and store the paid invoice", async () => {
    const partnerId = h.tenants.partnerA.id;
    const before = h.sim.core.requests.length;
    await subscribe("A", "starter");
    const requests = h.sim.core.requests.slice(before);
    const customerCreate = requests.find((r) => r.path === "/v1/customers" && r.method === "POST")!;
    expect(customerCreate.idempotencyKey).toBe(`storeflow-partner-customer-${partnerId}`);
    const session = requests.find((r) => r.path === "/v1/checkout/sessions")!;
    expect(session.params).toMatchObject({ mode: "subscription", client_reference_id: partnerId, subscription_data: { metadata: { storeflow_partner_id: partnerId, storeflow_plan: "starter" } } });
    expect((session.params.line_items as unknown[]).length).toBe(2);

    const billing = await billingOf(partnerId);
    expect(billing).toMatchObject({ planKey: "starter", subscriptionStatus: "active", cancelAtPeriodEnd: false });
    expect(billing!.currentPeriodEnd!.getTime()).toBeGreaterThan(billing!.currentPeriodStart!.getTime());
    const invoices = await h.t.adminDb.partnerInvoice.findMany({ where: { partnerId } });
    expect(invoices.map((i) => [i.status, i.total, i.hostedInvoiceUrl?.startsWith(h.sim.url)])).toEqual([["paid", 4_900, true]]);
    expect(h.answers.every((a) => a.status === 200)).toBe(true);

    const overviewA = await getBillingOverview({ actor: ownerActor(h, "A"), enabled: true });
    expect(overviewA.subscription?.status).toBe("active");
    expect(overviewA.invoices).toHaveLength(1);
    // Row-level security: partner B reads nothing of A's billing.
    const overviewB = await getBillingOverview({ actor: ownerActor(h, "B"), enabled: true });
    expect([overviewB.subscription, overviewB.invoices]).toEqual([null, []]);
  });

  it("refuses a checkout for the plan the partner is on, and changes plan through the subscription", async () => {
    await expect(startPlanChange({ actor: ownerActor(h, "A"), stripe: h.stripe, input: { planKey: "starter", returnUrl } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(startPlanChange({ actor: ownerActor(h, "A"), stripe: h.stripe, input: { planKey: "platinum" as "starter", returnUrl } })).rejects.toThrow();
    const result = await startPlanChange({ actor: ownerActor(h, "A"), stripe: h.stripe, input: { planKey: "growth", returnUrl } });
    expect(result).toEqual({ kind: "changed", planKey: "growth" });
    await h.sim.core.events.flush();
    expect((await billingOf(h.tenants.partnerA.id))?.planKey).toBe("growth");
  });
});

describe("usage reporting", () => {
  const meterRequests = (): TRecordedRequest[] => h.sim.core.requests.filter((r) => r.path === "/v1/billing/meter_events");
  const meteredRuns = async () => {
    const billing = (await billingOf(h.tenants.partnerA.id))!;
    const meter = (await h.stripe.billing.meters.list()).data[0]!;
    const summaries = await h.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: billing.stripeCustomerId,
      start_time: Math.floor(billing.currentPeriodStart!.getTime() / 1000),
      end_time: Math.floor(billing.currentPeriodEnd!.getTime() / 1000),
    });
    return summaries.data[0]!.aggregated_value;
  };

  it("reports finished runs once, even when the reporter dies between Stripe's answer and marking the report sent", async () => {
    const partnerId = h.tenants.partnerA.id;
    await insertRuns(h, partnerId, 5, "succeeded", new Date());
    await insertRuns(h, partnerId, 2, "failed", new Date());
    await insertRuns(h, partnerId, 3, "cancelled", new Date());
    await insertRuns(h, partnerId, 4, "running", null);

    const crashing = createStripeClient({ secretKey: h.sim.secretKey, apiBase: h.sim.url, maxNetworkRetries: 0 });
    const create = crashing.billing.meterEvents.create.bind(crashing.billing.meterEvents);
    crashing.billing.meterEvents.create = (async (...args: Parameters<typeof create>) => {
      await create(...args);
      throw new Error("worker killed after Stripe answered");
    }) as typeof create;

    expect(await reportUsage({ pool: h.pool, stripe: crashing })).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [pending] = await h.t.adminDb.usageReport.findMany({ where: { partnerId } });
    expect(pending).toMatchObject({ status: "pending", quantity: 7, runsCounted: 7, sequence: 1 });

    expect(await reportUsage({ pool: h.pool, stripe: h.stripe })).toEqual({ sent: 1, retried: 1, failed: 0 });
    expect(await h.t.adminDb.usageReport.findMany({ where: { partnerId }, select: { status: true, quantity: true } })).toEqual([{ status: "sent", quantity: 7 }]);
    const [sent, resent] = meterRequests();
    expect(resent!.idempotencyKey).toBe(sent!.idempotencyKey);
    expect(resent!.params).toEqual(sent!.params);
    expect(sent!.params).toMatchObject({ event_name: "storeflow_workflow_runs", identifier: sent!.idempotencyKey, payload: { value: "7" } });
    expect(resent!.replayed).toBe(true);
    expect(await meteredRuns()).toBe(7);

    // Nothing new: no report. Three more finished runs: one report of three.
    expect(await reportUsage({ pool: h.pool, stripe: h.stripe })).toEqual({ sent: 0, retried: 0, failed: 0 });
    await insertRuns(h, partnerId, 3, "resolved", new Date());
    expect(await reportUsage({ pool: h.pool, stripe: h.stripe })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await meteredRuns()).toBe(10);
    expect(meterRequests().at(-1)!.params).toMatchObject({ payload: { value: "3" } });
  });

  it("bills the metered runs on the invoice that closes the period", async () => {
    await h.sim.core.advanceClock(32 * 86_400);
    await h.sim.core.events.flush();
    const invoices = await h.t.adminDb.partnerInvoice.findMany({ where: { partnerId: h.tenants.partnerA.id }, orderBy: { stripeCreatedAt: "desc" } });
    const cycle = await h.stripe.invoices.retrieve(invoices[0]!.stripeInvoiceId);
    expect(cycle.billing_reason).toBe("subscription_cycle");
    expect(cycle.lines.data.map((l) => l.quantity)).toContain(10);
    expect(invoices[0]).toMatchObject({ status: "paid", total: PLANS[1]!.baseAmount });
  });
});

describe("webhook delivery", () => {
  it("ends in Stripe's current state when events arrive in reverse order, and processes redeliveries not at all", async () => {
    const partnerId = h.tenants.partnerB.id;
    h.sim.core.events.hold();
    await subscribe("B", "scale");
    const { stripeSubscriptionId } = (await h.t.adminDb.partnerBilling.findUniqueOrThrow({ where: { partnerId } })) ?? {};
    expect(stripeSubscriptionId).toBeNull();
    const subscription = (await h.stripe.subscriptions.list({ customer: (await billingOf(partnerId))!.stripeCustomerId })).data[0]!;
    await h.stripe.subscriptions.cancel(subscription.id);
    const held = h.sim.core.objects.list(null, "event").length;
    await h.sim.core.events.release({ order: "reverse" });
    expect(held).toBeGreaterThan(0);

    // The created event (status "incomplete" in its payload) came last; the state is what Stripe holds now.
    expect(await billingOf(partnerId)).toMatchObject({ stripeSubscriptionId: subscription.id, subscriptionStatus: "canceled", planKey: "scale" });
    const invoice = await h.t.adminDb.partnerInvoice.findFirstOrThrow({ where: { partnerId } });
    expect(invoice.status).toBe("paid");

    const answered = h.answers.length;
    const events = await h.t.adminDb.stripeEvent.findMany({ select: { id: true, attempts: true, processedAt: true } });
    for (const { id } of events.slice(0, 5)) await h.sim.core.events.redeliver(id);
    expect(h.answers.slice(answered).map((a) => a.body)).toEqual(Array(5).fill({ received: true, duplicate: true }));
    const after = await h.t.adminDb.stripeEvent.findMany({ select: { id: true, attempts: true, processedAt: true } });
    expect(after).toEqual(events);
    expect(events.every((e) => e.attempts === 1 && e.processedAt)).toBe(true);
  });

  it("answers 400 to a bad or missing signature and stores or changes nothing", async () => {
    const delivery = h.sim.core.events.deliveries.at(-1)!;
    const url = delivery.url;
    const eventsBefore = await h.t.adminDb.stripeEvent.count();
    const billingBefore = await h.t.adminDb.partnerBilling.findMany({ orderBy: { partnerId: "asc" } });
    const forged = JSON.stringify({ ...JSON.parse(delivery.body), id: "evt_forged", data: { object: { id: "sub_x", object: "subscription", customer: billingBefore[0]!.stripeCustomerId } } });
    const post = (body: string, signature?: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) }, body });

    const wrongSecret = Stripe.webhooks.generateTestHeaderString({ payload: forged, secret: "whsec_not_ours" });
    expect((await post(forged, wrongSecret)).status).toBe(400);
    // A genuine signature over other bytes.
    expect((await post(forged, delivery.signature)).status).toBe(400);
    expect((await post(forged)).status).toBe(400);
    // Signed correctly but too old to replay (Stripe's tolerance is five minutes).
    const stale = Stripe.webhooks.generateTestHeaderString({ payload: forged, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(forged, stale)).status).toBe(400);

    expect(await h.t.adminDb.stripeEvent.count()).toBe(eventsBefore);
    expect(await h.t.adminDb.partnerBilling.findMany({ orderBy: { partnerId: "asc" } })).toEqual(billingBefore);
  });
});
