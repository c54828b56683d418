/**
 * The billing API: platform → partner (plan, usage, invoices, Checkout, the
 * Billing Portal) and partner → client (Connect onboarding, issuing a month's
 * invoice). Real stripe SDK against the local Stripe server, real PostgreSQL.
 */
import { PLANS } from "@storeflow/billing";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { callerAs, useApiTenants } from "./test/harness";
import { SEEDED_PRICE_BOOK, seedClientBilling, useStripeSimulator } from "./test/stripe";

const state = useApiTenants();
const stripeSim = useStripeSimulator();
const PORTAL = "http://localhost:3000";
const DAY = 86_400_000;

const as = (user: { id: string; email: string }) => callerAs({ ...state, stripe: stripeSim.stripe }, user);
const unconfigured = (user: { id: string; email: string }) => callerAs({ ...state, stripe: null }, user);
const owner = () => state.tenants.usersA.partner_owner;

/** What a refused call must leave as it was: our rows, the audit trail and Stripe. */
async function footprint() {
  const { adminDb } = state.t;
  return {
    audit: await adminDb.auditEvent.count(),
    clientInvoices: await adminDb.clientInvoice.count(),
    partnerBilling: await adminDb.partnerBilling.count(),
    connectAccounts: await adminDb.partnerConnectAccount.count(),
    stripeWrites: stripeSim.sim.core.requests.filter((r) => r.method === "POST").length,
  };
}

async function expectRefused(call: () => Promise<unknown>, code: TRPCError["code"], message?: RegExp) {
  const before = await footprint();
  const error = await call().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
  expect(await footprint()).toEqual(before);
}

const lastRequest = (path: string) => stripeSim.sim.core.requests.filter((r) => r.path === path && r.method === "POST").at(-1)!;

/** `count` finished runs of the client, copied from its seeded failed run. */
async function insertRuns(clientId: string, count: number, finishedAt: Date) {
  await state.t.adminDb.$executeRaw`
    insert into workflow_runs (id, partner_id, client_id, workflow_key, workflow_version, definition_hash, input, status, idempotency_key, finished_at)
    select gen_random_uuid(), r.partner_id, r.client_id, r.workflow_key, r.workflow_version, r.definition_hash, '{}'::jsonb, 'succeeded', gen_random_uuid()::text, ${finishedAt}
    from (select * from workflow_runs where client_id = ${clientId}::uuid limit 1) r, generate_series(1, ${count})`;
}

beforeAll(async () => {
  // The seeded runs finished "now": move them out of every period counted here.
  await state.t.adminDb.$executeRaw`update workflow_runs set finished_at = '2020-01-01' where finished_at is not null`;
});

describe("billing.overview and billing.plans", () => {
  it("shows the partner's plan, subscription, runs per day against the included runs, and its invoices; partner B sees none of it", async () => {
    const { partnerA, clientA1, clientA2, clientB1 } = state.tenants;
    const now = Date.now();
    const periodStart = new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate()) - 2 * DAY);
    const periodEnd = new Date(periodStart.getTime() + 30 * DAY);
    await state.t.adminDb.partnerBilling.create({
      data: { partnerId: partnerA.id, stripeCustomerId: "cus_overview_a", planKey: "starter", stripeSubscriptionId: "sub_overview_a", subscriptionStatus: "active", currentPeriodStart: periodStart, currentPeriodEnd: periodEnd },
    });
    await state.t.adminDb.partnerInvoice.create({
      data: { stripeInvoiceId: "in_overview_a", partnerId: partnerA.id, stripeSubscriptionId: "sub_overview_a", number: "SF-0001", status: "paid", currency: "usd", total: 4_900, amountDue: 4_900, amountPaid: 4_900, hostedInvoiceUrl: "https://invoice.stripe.test/in_overview_a", invoicePdf: "https://invoice.stripe.test/in_overview_a.pdf", periodStart, periodEnd, stripeCreatedAt: periodStart },
    });
    await insertRuns(clientA1.id, 3, new Date(periodStart.getTime() + 60_000));
    await insertRuns(clientA2.id, 2, new Date(periodStart.getTime() + DAY + 60_000));
    // B has no subscription, so its period is the calendar month, which always holds "now".
    await insertRuns(clientB1.id, 7, new Date(now));

    for (const user of [owner(), state.tenants.usersA.partner_admin]) {
      const overview = await (await as(user)).billing.overview();
      expect(overview.enabled).toBe(true);
      expect(overview.subscription).toMatchObject({ planKey: "starter", status: "active", currentPeriodStart: periodStart, currentPeriodEnd: periodEnd, cancelAtPeriodEnd: false });
      const day = (offset: number) => new Date(periodStart.getTime() + offset * DAY).toISOString().slice(0, 10);
      expect(overview.usage.daily.slice(0, 3)).toEqual([{ day: day(0), runs: 3 }, { day: day(1), runs: 2 }, { day: day(2), runs: 0 }]);
      expect(overview.usage).toMatchObject({ periodStart, periodEnd, runsToDate: 5, includedRuns: 2_000 });
      expect(overview.invoices).toEqual([expect.objectContaining({ id: "in_overview_a", status: "paid", total: 4_900, hostedInvoiceUrl: "https://invoice.stripe.test/in_overview_a", invoicePdf: "https://invoice.stripe.test/in_overview_a.pdf" })]);
    }

    const ofB = await (await as(state.tenants.ownerB)).billing.overview();
    expect([ofB.subscription, ofB.invoices, ofB.usage.includedRuns]).toEqual([null, [], null]);
    expect(ofB.usage.runsToDate).toBe(7);
    expect(JSON.stringify(ofB)).not.toContain("overview_a");
  });

  it("says billing is off when the deployment has no Stripe key, and still reads", async () => {
    expect((await (await unconfigured(owner())).billing.overview()).enabled).toBe(false);
  });

  it("lists the plans on offer with their prices", async () => {
    const plans = await (await as(state.tenants.usersA.partner_admin)).billing.plans();
    expect(plans.map((p) => [p.key, p.currency, p.baseAmount, p.includedRuns, p.overagePerRun])).toEqual(PLANS.map((p) => [p.key, p.currency, p.baseAmount, p.includedRuns, p.overagePerRun]));
  });
});

describe("billing.startPlanChange and billing.portalUrl", () => {
  it("opens a Checkout session that returns to the portal's billing page", async () => {
    const result = await (await as(state.tenants.ownerB)).billing.startPlanChange({ planKey: "growth" });
    expect(result).toEqual({ kind: "checkout", url: expect.stringContaining(`${stripeSim.sim.url}/checkout/`) });
    expect(lastRequest("/v1/checkout/sessions").params).toMatchObject({ mode: "subscription", client_reference_id: state.tenants.partnerB.id, success_url: `${PORTAL}/billing?checkout=success`, cancel_url: `${PORTAL}/billing?checkout=cancelled` });
    expect(await state.t.adminDb.auditEvent.count({ where: { partnerId: state.tenants.partnerB.id, action: "billing.checkout_started" } })).toBe(1);
    // A page of the portal the caller names is kept.
    await (await as(state.tenants.ownerB)).billing.startPlanChange({ planKey: "growth", returnUrl: `${PORTAL}/settings/plan` });
    expect(lastRequest("/v1/checkout/sessions").params).toMatchObject({ success_url: `${PORTAL}/settings/plan?checkout=success` });
  });

  it("refuses an unknown plan, another site's return URL and an unconfigured deployment, changing nothing", async () => {
    const api = await as(state.tenants.ownerB);
    await expectRefused(async () => api.billing.startPlanChange({ planKey: "platinum" }), "BAD_REQUEST");
    await expectRefused(async () => api.billing.startPlanChange({ planKey: "growth", returnUrl: "https://evil.example/billing" }), "BAD_REQUEST", /portal/);
    await expectRefused(async () => api.billing.portalUrl({ returnUrl: "https://evil.example/billing" }), "BAD_REQUEST", /portal/);
    const off = await unconfigured(state.tenants.ownerB);
    await expectRefused(async () => off.billing.startPlanChange({ planKey: "growth" }), "PRECONDITION_FAILED", /Billing is not configured/);
    await expectRefused(async () => off.billing.portalUrl({}), "PRECONDITION_FAILED", /Billing is not configured/);
  });

  it("opens the Billing Portal for the partner's own customer and audits it", async () => {
    const { url } = await (await as(state.tenants.ownerB)).billing.portalUrl({});
    expect(url).toContain(`${stripeSim.sim.url}/billing_portal/`);
    const customer = (await state.t.adminDb.partnerBilling.findUniqueOrThrow({ where: { partnerId: state.tenants.partnerB.id } })).stripeCustomerId;
    expect(lastRequest("/v1/billing_portal/sessions").params).toMatchObject({ customer, return_url: `${PORTAL}/billing` });
    expect(await state.t.adminDb.auditEvent.count({ where: { partnerId: state.tenants.partnerB.id, action: "billing.portal_opened" } })).toBe(1);
  });
});

describe("clientBilling.startOnboarding", () => {
  it("makes the partner's connected account once and a fresh onboarding link back to the portal each time", async () => {
    const api = await as(state.tenants.ownerB);
    const first = await api.clientBilling.startOnboarding({});
    expect(first.url).toContain(stripeSim.sim.url);
    expect(first.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(lastRequest("/v1/account_links").params).toMatchObject({ type: "account_onboarding", return_url: `${PORTAL}/billing/clients`, refresh_url: `${PORTAL}/billing/clients?refresh=1` });
    const second = await api.clientBilling.startOnboarding({});
    expect(second.url).not.toBe(first.url);
    expect(await state.t.adminDb.partnerConnectAccount.count({ where: { partnerId: state.tenants.partnerB.id } })).toBe(1);
    expect(stripeSim.sim.core.requests.filter((r) => r.path === "/v1/accounts" && r.method === "POST" && (r.params.metadata as Record<string, string>).storeflow_partner_id === state.tenants.partnerB.id)).toHaveLength(1);
  });

  it("refuses another site's return URL and an unconfigured deployment, changing nothing", async () => {
    await expectRefused(async () => (await as(state.tenants.ownerB)).clientBilling.startOnboarding({ refreshUrl: "https://evil.example/x" }), "BAD_REQUEST", /portal/);
    await expectRefused(async () => (await unconfigured(state.tenants.ownerB)).clientBilling.startOnboarding({}), "PRECONDITION_FAILED", /Billing is not configured/);
  });
});

describe("clientBilling.issueInvoice", () => {
  let account = "";
  beforeAll(async () => {
    // Partner A can take payments; only client A1 has a price.
    account = await seedClientBilling({ adminDb: state.t.adminDb, ...stripeSim, partnerId: state.tenants.partnerA.id, clientIds: [state.tenants.clientA1.id] });
    await insertRuns(state.tenants.clientA1.id, 4, new Date("2025-01-10T12:00:00Z"));
  });

  it("issues a closed month's invoice on the partner's account, once", async () => {
    const api = await as(state.tenants.usersA.partner_admin);
    const invoice = await api.clientBilling.issueInvoice({ clientId: state.tenants.clientA1.id, month: "2025-01" });
    expect(invoice).toMatchObject({ clientId: state.tenants.clientA1.id, period: "2025-01", status: "open", currency: "usd", runs: 4, subtotal: SEEDED_PRICE_BOOK.monthlyFee });
    expect(invoice.hostedInvoiceUrl).toContain(stripeSim.sim.url);
    const stripeInvoices = () => stripeSim.sim.core.objects.list(account, "invoice");
    expect(stripeInvoices()).toHaveLength(1);

    const before = await footprint();
    const again = await api.clientBilling.issueInvoice({ clientId: state.tenants.clientA1.id, month: "2025-01" });
    expect(again).toEqual(invoice);
    expect(stripeInvoices()).toHaveLength(1);
    expect(await footprint()).toEqual(before);
  });

  it("refuses a month that is not over and a client without a price book, with the reason, changing nothing", async () => {
    const api = await as(owner());
    const thisMonth = new Date().toISOString().slice(0, 7);
    await expectRefused(async () => api.clientBilling.issueInvoice({ clientId: state.tenants.clientA1.id, month: thisMonth }), "BAD_REQUEST", /not over yet/);
    await expectRefused(async () => api.clientBilling.issueInvoice({ clientId: state.tenants.clientA2.id, month: "2025-01" }), "PRECONDITION_FAILED", /price book/);
    await expectRefused(async () => api.clientBilling.issueInvoice({ clientId: state.tenants.clientA1.id, month: "2025-13" }), "BAD_REQUEST");
    await expectRefused(async () => (await unconfigured(owner())).clientBilling.issueInvoice({ clientId: state.tenants.clientA1.id, month: "2025-02" }), "PRECONDITION_FAILED", /Billing is not configured/);
  });

  it("partner B cannot issue partner A's client's invoice, nor list A's client invoices", async () => {
    const api = await as(state.tenants.ownerB);
    await expectRefused(async () => api.clientBilling.issueInvoice({ clientId: state.tenants.clientA1.id, month: "2025-02" }), "NOT_FOUND");
    expect(await api.clientBilling.invoices({})).toEqual([]);
  });
});

describe("who may use billing", () => {
  const calls = {
    "billing.overview": (api: Awaited<ReturnType<typeof as>>) => api.billing.overview(),
    "billing.plans": (api: Awaited<ReturnType<typeof as>>) => api.billing.plans(),
    "billing.startPlanChange": (api: Awaited<ReturnType<typeof as>>) => api.billing.startPlanChange({ planKey: "starter" }),
    "billing.portalUrl": (api: Awaited<ReturnType<typeof as>>) => api.billing.portalUrl({}),
    "clientBilling.startOnboarding": (api: Awaited<ReturnType<typeof as>>) => api.clientBilling.startOnboarding({}),
    "clientBilling.issueInvoice": (api: Awaited<ReturnType<typeof as>>) => api.clientBilling.issueInvoice({ clientId: state.tenants.clientA1.id, month: "2025-03" }),
  };

  for (const role of ["client_admin", "client_viewer", "partner_operator"] as const) {
    for (const [path, call] of Object.entries(calls)) {
      it(`${path} is FORBIDDEN to a ${role}`, async () => {
        await expectRefused(async () => call(await as(state.tenants.usersA[role])), "FORBIDDEN");
      });
    }
  }

  it("only owners change the plan or open the Billing Portal: admins are FORBIDDEN", async () => {
    const admin = await as(state.tenants.usersA.partner_admin);
    await expectRefused(async () => admin.billing.startPlanChange({ planKey: "starter" }), "FORBIDDEN");
    await expectRefused(async () => admin.billing.portalUrl({}), "FORBIDDEN");
  });
});
