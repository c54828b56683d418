/**
 * Partner → client billing through a simulated month, end to end: the real
 * stripe SDK against the local Stripe server, the real PostgreSQL, and webhooks
 * (platform and Connect) delivered over HTTP to the production processor.
 */
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { type TActor } from "@storeflow/accounts";
import { useTestTenants } from "@storeflow/db/test";
import { attachCard, DECLINING_CARD, startStripeSimulator, SUCCEEDING_CARD, type TInvoice, type TStripeSimulator } from "@storeflow/simulator";
import pg from "pg";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectEventHandlers } from "./connect-handlers";
import { createStripeClient } from "../stripe-client";
import { stripeEventHandlers } from "../stripe-event-handlers";
import { receiveStripeWebhook, type TStripeWebhookAnswer } from "../webhooks/receive-webhook";
import { sweepDunning } from "../dunning/dunning-sweep";
import { getBillingStanding } from "../dunning/billing-standing";
import { previousPeriod } from "./billing-period";
import { getPartnerConnectAccount, startPartnerOnboarding } from "./connect-account";
import { issueClientInvoice } from "./issue-client-invoice";
import { issueDueClientInvoices } from "./issue-due-invoices";
import { getClientMargins } from "./margin";
import { setClientPriceBook } from "./price-book";

const SECRET = "whsec_client_billing_test";
const FEE_BPS = 200;
const DAY = 86_400_000;
const state = useTestTenants();
let sim: TStripeSimulator;
let stripe: Stripe;
let system: pg.Pool;
let receiver: Server;
const answers: TStripeWebhookAnswer[] = [];

beforeAll(async () => {
  system = new pg.Pool({ connectionString: state.t.appUrl, max: 4, options: "-c app.system=on" });
  const handlers = [...stripeEventHandlers, ...createConnectEventHandlers({ db: state.t.db, partnerGraceDays: 5 })];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void receiveStripeWebhook({
        pool: system,
        stripe,
        secret: SECRET,
        rawBody: Buffer.concat(chunks).toString("utf8"),
        signature: (req.headers["stripe-signature"] as string | undefined) ?? null,
        handlers,
        onError: (error, eventId) => console.error("webhook processing failed", eventId, error),
      }).then((answer) => {
        answers.push(answer);
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/stripe/webhook`;
  sim = await startStripeSimulator({ webhookEndpoints: [{ url, secret: SECRET }, { url, secret: SECRET, connect: true }] });
  stripe = createStripeClient({ secretKey: sim.secretKey, apiBase: sim.url, maxNetworkRetries: 0 });
  // The seeded failed runs finished "now": move them out of the month billed.
  await state.t.adminDb.$executeRaw`update workflow_runs set finished_at = '2020-01-01'`;
});
afterAll(async () => {
  await sim?.close();
  receiver?.close();
  await system?.end();
});

const owner = (): TActor => ({ db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" });
const now = new Date();
const period = previousPeriod("UTC", now);
const inPeriod = new Date(period.start.getTime() + 3 * DAY);

async function insertRuns(clientId: string, count: number, status: string, finishedAt: Date | null) {
  await state.t.adminDb.$executeRaw`
    insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, definition_hash, input, status, idempotency_key, finished_at, created_at)
    select gen_random_uuid(), r.partner_id, ${clientId}::uuid, r.workflow_key, r.workflow_version, r.definition_hash, '{}'::jsonb, ${status}::"RunStatus", gen_random_uuid()::text, ${finishedAt}, ${inPeriod}
    from (select * from workflow_runs where client_id = ${clientId}::uuid limit 1) r, generate_series(1, ${count})`;
}

const accountInvoices = (account: string) => sim.core.objects.list<TInvoice>(account, "invoice");
const pauseOf = (clientId: string) => state.t.adminDb.client.findUniqueOrThrow({ where: { id: clientId }, select: { runsPausedAt: true, runsPauseReason: true } });
const auditActions = (clientId: string) => state.t.adminDb.auditEvent.findMany({ where: { clientId, action: { startsWith: "billing." } }, orderBy: { seq: "asc" } }).then((rows) => rows.map((r) => r.action));

describe("a simulated month for a partner with two clients", () => {
  let account = "";

  it("onboards the partner to Connect: a standard account, an onboarding link, status from account.updated", async () => {
    const started = await startPartnerOnboarding({ actor: owner(), stripe, input: { returnUrl: "https://portal.test/billing/clients", refreshUrl: "https://portal.test/billing/clients?refresh=1" } });
    account = started.stripeAccountId;
    const create = sim.core.requests.find((r) => r.path === "/v1/accounts" && r.method === "POST")!;
    expect(create.params).toMatchObject({ type: "standard", metadata: { storeflow_partner_id: state.tenants.partnerA.id } });
    expect(create.idempotencyKey).toBe(`storeflow:connect-account:${state.tenants.partnerA.id}`);
    expect((await getPartnerConnectAccount(owner())).status).toBe("onboarding");
    // A second start reuses the account and only makes a new link.
    expect((await startPartnerOnboarding({ actor: owner(), stripe, input: { returnUrl: "https://portal.test/x", refreshUrl: "https://portal.test/y" } })).stripeAccountId).toBe(account);
    expect(sim.core.requests.filter((r) => r.path === "/v1/accounts" && r.method === "POST")).toHaveLength(1);

    const page = await fetch(started.url, { method: "POST", redirect: "manual" });
    expect(page.status).toBe(302);
    await sim.core.events.flush();
    expect(await getPartnerConnectAccount(owner())).toMatchObject({ status: "active", chargesEnabled: true, requirementsDue: [] });
  });

  it("invoices both clients on the partner's account with exactly the right lines and application fee, once", async () => {
    const { clientA1, clientA2 } = state.tenants;
    await setClientPriceBook(owner(), { clientId: clientA1.id, currency: "USD", monthlyFee: 5_000, includedRuns: 3, overagePerRun: 25, templateAddOns: [{ templateKey: "inventory-sync", monthlyFee: 1_000 }, { templateKey: "order-routing", monthlyFee: 700 }], graceDays: 3 }, { templateKeys: new Set(["inventory-sync", "order-routing"]) });
    await setClientPriceBook(owner(), { clientId: clientA2.id, currency: "usd", monthlyFee: 2_000, includedRuns: 100, overagePerRun: 10 }, { templateKeys: new Set() });
    await state.t.adminDb.clientPriceBook.updateMany({ data: { createdAt: period.start } });
    const definition = await state.t.adminDb.workflowDefinition.findFirstOrThrow({ where: { partnerId: state.tenants.partnerA.id } });
    await state.t.adminDb.installation.create({ data: { partnerId: state.tenants.partnerA.id, clientId: clientA1.id, templateKey: "inventory-sync", templateVersion: "1.0.0", definitionHash: definition.hash, params: {}, bindings: {}, createdAt: period.start } });
    // A1: 5 runs finished in the month (2 beyond the 3 included), one still running, one finished this month.
    await insertRuns(clientA1.id, 3, "succeeded", inPeriod);
    await insertRuns(clientA1.id, 2, "failed", inPeriod);
    await insertRuns(clientA1.id, 1, "running", null);
    await insertRuns(clientA1.id, 1, "succeeded", new Date(period.end.getTime() + 1000));
    await insertRuns(clientA2.id, 4, "succeeded", inPeriod);

    // The worker dies between adding A2's lines and finalizing: that pass fails for A2 only.
    const finalize = stripe.invoices.finalizeInvoice.bind(stripe.invoices);
    let crashes = 1;
    stripe.invoices.finalizeInvoice = ((id: string, ...rest: never[]) => {
      const meta = accountInvoices(account).find((i) => i.id === id)?.metadata;
      if (meta?.storeflow_client_id === clientA2.id && crashes-- > 0) return Promise.reject(new Error("worker killed"));
      return finalize(id, ...rest);
    }) as typeof stripe.invoices.finalizeInvoice;
    const first = await issueDueClientInvoices({ db: state.t.db, system, stripe, applicationFeeBps: FEE_BPS, now });
    stripe.invoices.finalizeInvoice = finalize;
    expect(first.map((r) => [r.clientId, r.outcome])).toEqual(expect.arrayContaining([[clientA1.id, "issued"], [clientA2.id, "failed"]]));
    expect(first.filter((r) => r.partnerId === state.tenants.partnerB.id)).toEqual([]);

    const second = await issueDueClientInvoices({ db: state.t.db, system, stripe, applicationFeeBps: FEE_BPS, now });
    expect(second.map((r) => [r.clientId, r.outcome])).toEqual([[clientA2.id, "issued"]]);
    expect(await issueDueClientInvoices({ db: state.t.db, system, stripe, applicationFeeBps: FEE_BPS, now })).toEqual([]);

    const invoices = accountInvoices(account);
    expect(invoices).toHaveLength(2);
    expect(sim.core.objects.list(null, "invoice")).toHaveLength(0);
    const a1 = invoices.find((i) => i.metadata.storeflow_client_id === clientA1.id)!;
    const a2 = invoices.find((i) => i.metadata.storeflow_client_id === clientA2.id)!;
    expect(a1.lines.data.map((l) => [l.amount, l.metadata.kind])).toEqual([[5_000, "monthly_fee"], [1_000, "template_add_on"], [50, "overage"]]);
    expect([a1.status, a1.total, a1.application_fee_amount, a1.collection_method, a1.currency]).toEqual(["open", 6_050, 121, "send_invoice", "usd"]);
    expect(a1.footer).toContain(state.tenants.partnerA.name);
    expect(a1.description).toContain(clientA1.name);
    expect(a1.custom_fields).toEqual([{ name: "Client", value: clientA1.name }, { name: "Billing period", value: expect.any(String) }]);
    expect(a1.sent_to).toBe(state.tenants.usersA.client_admin.email);
    expect(a2.lines.data.map((l) => l.amount)).toEqual([2_000]);
    expect([a2.status, a2.total, a2.application_fee_amount]).toEqual(["open", 2_000, 40]);

    // Every write on the connected account carried a key derived from the invoice row, never the SDK's own.
    const writes = sim.core.requests.filter((r) => r.account === account && r.method === "POST");
    for (const write of writes) expect(write.idempotencyKey).toMatch(/^storeflow:client-(invoice|customer):/);
    // A crash after Stripe made the invoice but before we stored its id: the retry's create is replayed, not repeated.
    await state.t.adminDb.clientInvoice.updateMany({ where: { clientId: clientA2.id }, data: { stripeInvoiceId: null, status: "issuing" } });
    const again = await issueClientInvoice({ db: state.t.db, stripe, scope: { partnerId: state.tenants.partnerA.id, clientId: clientA2.id }, period: period.period, applicationFeeBps: FEE_BPS, now });
    expect(again.stripeInvoiceId).toBe(a2.id);
    expect(sim.core.requests.filter((r) => r.account === account && r.path === "/v1/invoices" && r.method === "POST").map((r) => r.replayed)).toEqual([false, false, true]);
    expect(accountInvoices(account)).toHaveLength(2);

    const rows = await state.t.adminDb.clientInvoice.findMany({ where: { partnerId: state.tenants.partnerA.id }, orderBy: { subtotal: "desc" } });
    expect(rows.map((r) => [r.status, r.runs, r.subtotal, r.applicationFee])).toEqual([["open", 5, 6_050, 121], ["open", 4, 2_000, 40]]);
  });

  it("reports the margin per client against the platform's per-run price", async () => {
    await state.t.adminDb.partnerBilling.create({ data: { partnerId: state.tenants.partnerA.id, stripeCustomerId: (await stripe.customers.create({ name: "Partner A" })).id, planKey: "starter", subscriptionStatus: "active" } });
    const margins = await getClientMargins({ actor: owner(), input: { period: period.period }, applicationFeeBps: FEE_BPS });
    const a1 = margins.clients.find((c) => c.clientId === state.tenants.clientA1.id)!;
    // starter: 3 ¢ a run. 6050 − 121 fee − 5 runs × 3.
    expect(a1).toMatchObject({ chargedFrom: "invoice", charged: 6_050, applicationFee: 121, platformUsageCost: 15, margin: 5_914, runs: 5 });
    expect(margins.clients.find((c) => c.clientId === state.tenants.clientA2.id)).toMatchObject({ charged: 2_000, margin: 2_000 - 40 - 12 });
  });

  it("a failed client payment: past due with a grace period, then paused; payment resumes it", async () => {
    const { clientA1, clientA2 } = state.tenants;
    const a1 = accountInvoices(account).find((i) => i.metadata.storeflow_client_id === clientA1.id)!;
    attachCard(sim.core, account, a1.customer, DECLINING_CARD);
    await expect(stripe.invoices.pay(a1.id, {}, { stripeAccount: account, idempotencyKey: "test-pay-1" })).rejects.toMatchObject({ code: "card_declined" });
    await sim.core.events.flush();
    const standing = await getBillingStanding(owner());
    expect(standing.partner).toBeNull();
    expect(standing.clients.map((c) => [c.clientId, c.status, c.amountDue])).toEqual([[clientA1.id, "past_due", 6_050]]);
    // A redelivered failure opens nothing twice.
    const failed = sim.core.objects.list(account, "event").find((e) => e.type === "invoice.payment_failed")!;
    await sim.core.events.redeliver(failed.id);
    expect(await state.t.adminDb.dunningCase.count()).toBe(1);

    expect(await sweepDunning({ db: state.t.db, system, now: new Date(Date.now() + 2 * DAY) })).toEqual([]);
    expect((await pauseOf(clientA1.id)).runsPausedAt).toBeNull();
    const changes = await sweepDunning({ db: state.t.db, system, now: new Date(Date.now() + 4 * DAY) });
    expect(changes.map((c) => [c.kind, c.pausedClientIds])).toEqual([["paused", [clientA1.id]]]);
    expect(await pauseOf(clientA1.id)).toMatchObject({ runsPauseReason: "billing" });
    expect((await pauseOf(clientA2.id)).runsPausedAt).toBeNull();
    // Runs queued while paused are kept.
    await insertRuns(clientA1.id, 2, "running", null);

    // Paid on the hosted page with a working card: resolved, resumed.
    const paid = await fetch(`${sim.url}/invoices/${a1.id}/pay`, { method: "POST", body: new URLSearchParams({ card: SUCCEEDING_CARD }) });
    expect(paid.status).toBe(200);
    await sim.core.events.flush();
    expect(await pauseOf(clientA1.id)).toEqual({ runsPausedAt: null, runsPauseReason: null });
    expect(await state.t.adminDb.workflowRun.count({ where: { clientId: clientA1.id, status: "running" } })).toBe(3);
    expect((await getBillingStanding(owner())).clients).toEqual([]);
    expect((await state.t.adminDb.clientInvoice.findFirstOrThrow({ where: { clientId: clientA1.id } })).status).toBe("paid");
    const fees = await stripe.applicationFees.list();
    expect(fees.data.map((f) => [f.account, f.amount, f.currency])).toEqual([[account, 121, "usd"]]);
    expect(await auditActions(clientA1.id)).toEqual(["billing.price_book_changed", "billing.client_invoice_issued", "billing.payment_failed", "billing.runs_paused", "billing.payment_recovered"]);
    const pauses = await state.t.adminDb.auditEvent.findMany({ where: { clientId: clientA1.id, action: { in: ["client.runs_paused", "client.runs_resumed"] } }, orderBy: { seq: "asc" } });
    expect(pauses.map((p) => [p.action, (p.data as { reason: string }).reason])).toEqual([["client.runs_paused", "billing"], ["client.runs_resumed", "billing"]]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it("an unpaid partner pauses every one of its clients after its grace period; its payment resumes them all", async () => {
    const { partnerA, clientA1, clientA2, clientB1 } = state.tenants;
    const billing = await state.t.adminDb.partnerBilling.findUniqueOrThrow({ where: { partnerId: partnerA.id } });
    attachCard(sim.core, null, billing.stripeCustomerId, DECLINING_CARD);
    const invoice = await stripe.invoices.create({ customer: billing.stripeCustomerId, currency: "usd", collection_method: "charge_automatically", auto_advance: false });
    await stripe.invoiceItems.create({ customer: billing.stripeCustomerId, invoice: invoice.id, amount: 4_900, currency: "usd", description: "Starter" });
    await stripe.invoices.finalizeInvoice(invoice.id!, { auto_advance: false });
    await expect(stripe.invoices.pay(invoice.id!)).rejects.toMatchObject({ code: "card_declined" });
    await sim.core.events.flush();
    const standing = await getBillingStanding(owner());
    expect(standing.partner).toMatchObject({ status: "past_due", amountDue: 4_900, payer: "partner" });
    // Client users never see the partner's own debt.
    const clientUser: TActor = { db: state.t.db, scope: { partnerId: partnerA.id, clientId: clientA1.id, userId: state.tenants.usersA.client_admin.id }, role: "client_admin" };
    expect((await getBillingStanding(clientUser)).partner).toBeNull();

    const changes = await sweepDunning({ db: state.t.db, system, now: new Date(Date.now() + 6 * DAY) });
    expect(changes.map((c) => [c.kind, [...c.pausedClientIds].sort()])).toEqual([["paused", [clientA1.id, clientA2.id].sort()]]);
    expect((await pauseOf(clientB1.id)).runsPausedAt).toBeNull();

    attachCard(sim.core, null, billing.stripeCustomerId, SUCCEEDING_CARD);
    await stripe.invoices.pay(invoice.id!);
    await sim.core.events.flush();
    expect(await pauseOf(clientA1.id)).toEqual({ runsPausedAt: null, runsPauseReason: null });
    expect(await pauseOf(clientA2.id)).toEqual({ runsPausedAt: null, runsPauseReason: null });
    expect((await getBillingStanding(owner())).partner).toBeNull();
  });
});
