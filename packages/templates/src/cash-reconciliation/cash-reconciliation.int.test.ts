import {
  addSquarePayout,
  createBusinessCentralSimulator,
  createSquareSimulator,
  DEFAULT_SQUARE_SEED,
  defaultBusinessCentralSeed,
  type TBusinessCentralSimulator,
  type TSquarePayment,
  type TSquareSimulator,
} from "@storeflow/simulator";
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { cashReconciliationTemplate } from "./index";

const MAIN = { name: "Main Street", account: "10910" };
const HARBOUR = { name: "Harbour Road", account: "10920" };

const h = useTemplateHarness([
  createSquareSimulator({ ...DEFAULT_SQUARE_SEED, locations: [MAIN.name, HARBOUR.name] }),
  createBusinessCentralSimulator({
    accounts: [
      ...defaultBusinessCentralSeed().accounts,
      { id: "50000010-44e3-ea11-bb43-000d3a2feca1", number: MAIN.account, displayName: "Card clearing, Main Street" },
      { id: "50000011-44e3-ea11-bb43-000d3a2feca1", number: HARBOUR.account, displayName: "Card clearing, Harbour Road" },
    ],
  }),
]);

const square = () => h.sim.vendor<TSquareSimulator>("square");
const bc = () => h.sim.vendor<TBusinessCentralSimulator>("business-central");
const locationId = (name: string) => square().state.locations.find((l) => l.name === name)!.id;

const params = (overrides: object = {}) => ({
  stores: [MAIN, HARBOUR].map((store) => ({ squareLocationId: locationId(store.name), name: store.name, accountNumber: store.account })),
  ...overrides,
});

/** A paid card sale at the store, rung up at `at`. */
async function sale(store: string, at: string, lineItems: { sku: string; quantity: number }[]): Promise<TSquarePayment> {
  const { order, payment } = await square().createOrder({ lineItems, location: store });
  order.created_at = order.updated_at = payment.created_at = payment.updated_at = at;
  return payment;
}

/** A refund of part of an earlier payment, made at `at`. */
function refund(payment: TSquarePayment, cents: number, at: string) {
  const id = `${payment.id}_RF${randomUUID().slice(0, 8)}`;
  square().state.refunds.push({ id, status: "COMPLETED", location_id: payment.location_id, amount_money: { amount: cents, currency: "USD" }, payment_id: payment.id, order_id: payment.order_id, created_at: at, updated_at: at });
  payment.refunded_money = { amount: cents, currency: "USD" };
}

/** A line of the daily sales posting: a debit (positive) or credit (negative) to the store's account, balanced against sales. */
function book(accountNumber: string, postingDate: string, amount: number) {
  const state = bc().state;
  const entry = (account: string, signed: number) => ({
    id: randomUUID(),
    entryNumber: state.counters.glEntry++,
    postingDate,
    documentNumber: `SALES-${postingDate.replaceAll("-", "")}`,
    documentType: " ",
    accountNumber: account,
    description: "Card takings",
    debitAmount: signed > 0 ? signed : 0,
    creditAmount: signed < 0 ? -signed : 0,
    lastModifiedDateTime: new Date().toISOString(),
  });
  state.generalLedgerEntries.push(entry(accountNumber, amount), entry("40100", -amount));
}

async function childRuns(parentRunId: string) {
  const { rows } = await h.store.pool.query<{ id: string }>("select id from workflow_runs where parent_run_id = $1 order by created_at, id", [parentRunId]);
  return Promise.all(rows.map((row) => h.run(row.id)));
}

/**
 * Monday 30 March 2026 (UTC), as Square and Business Central should see it:
 * Main Street takes 28.00 and 25.00 on cards and 32.00 in cash, and refunds 10.00
 * of Sunday's sale: 43.00 card takings. Harbour Road takes 37.00 and 18.50.
 * Each store's payout carries the day; the sales posting books each day's takings.
 */
async function seedMonday() {
  const sunday = await sale(MAIN.name, "2026-03-29T18:00:00Z", [{ sku: "MUG-BLUE", quantity: 1 }]);
  addSquarePayout(square().state, { location: MAIN.name, upTo: "2026-03-29T23:30:00Z" });
  book(MAIN.account, "2026-03-29", 14);

  await sale(MAIN.name, "2026-03-30T10:00:00Z", [{ sku: "MUG-BLUE", quantity: 2 }]);
  await sale(MAIN.name, "2026-03-30T12:00:00Z", [{ sku: "TEE-BLK-M", quantity: 1 }]);
  const cash = await sale(MAIN.name, "2026-03-30T15:00:00Z", [{ sku: "BEANS-1KG", quantity: 1 }]);
  cash.source_type = "CASH";
  refund(sunday, 1000, "2026-03-30T16:00:00Z");
  await sale(HARBOUR.name, "2026-03-30T11:00:00Z", [{ sku: "TOTE-NAT", quantity: 2 }]);
  await sale(HARBOUR.name, "2026-03-30T17:00:00Z", [{ sku: "TOTE-NAT", quantity: 1 }]);
  // Tuesday's first sale belongs to Tuesday, though it is in by the time Monday is reconciled.
  await sale(MAIN.name, "2026-03-31T00:30:00Z", [{ sku: "MUG-BLUE", quantity: 1 }]);

  const payouts = {
    main: addSquarePayout(square().state, { location: MAIN.name, upTo: "2026-03-30T23:30:00Z" }),
    harbour: addSquarePayout(square().state, { location: HARBOUR.name, upTo: "2026-03-30T23:30:00Z" }),
  };
  book(MAIN.account, "2026-03-30", 53);
  book(MAIN.account, "2026-03-30", -10);
  book(HARBOUR.account, "2026-03-30", 55.5);
  return payouts;
}

const reconcileMonday = (overrides: object = {}) => h.start(cashReconciliationTemplate, params(overrides), { businessDate: "2026-03-30" });

beforeEach(async () => {
  await h.bind("pos", h.connections.square());
  await h.bind("erp", h.connections.businessCentral());
});

describe("daily cash reconciliation", () => {
  it("opens no exception for a day that agrees across Square, its payouts and the ledger, and reports each store's figures", async () => {
    await seedMonday();
    const ledgerBefore = structuredClone(bc().state.generalLedgerEntries);
    const runId = await reconcileMonday();

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.summary).toMatchObject({
      businessDate: "2026-03-30",
      beginTime: "2026-03-30T00:00:00.000Z",
      endTime: "2026-03-31T00:00:00.000Z",
      kpis: { storesReconciled: 2, storesWithVariance: 0, cardTakings: 98.5, varianceAmount: 0 },
      stores: [
        {
          store: MAIN.name,
          accountNumber: MAIN.account,
          currency: "USD",
          pos: { cardSales: 53, refunds: 10, net: 43, payments: 2, refundCount: 1 },
          // Fees: 2.6% + 0.15 on each charge, 2.6% back on the refund.
          payout: { entries: 43, charges: 53, refunds: -10, other: 0, fees: 1.42, net: 41.58 },
          journal: { net: 43, debit: 53, credit: 10, entries: 2 },
          differences: { payoutVsPos: 0, journalVsPos: 0 },
          tolerance: 1,
          variance: false,
          problems: [],
        },
        { store: HARBOUR.name, pos: { net: 55.5 }, payout: { entries: 55.5 }, journal: { net: 55.5 }, differences: { payoutVsPos: 0, journalVsPos: 0 }, variance: false },
      ],
    });
    expect(await childRuns(runId)).toHaveLength(0);
    // Reconciling reads; it books nothing.
    expect(bc().state.generalLedgerEntries).toEqual(ledgerBefore);
    expect(bc().state.journals[0]!.lines).toHaveLength(0);
  });

  it("opens exactly one exception, naming the store and its figures, when a payout is short beyond the tolerance", async () => {
    const { harbour } = await seedMonday();
    // Square held back Harbour Road's 18.50 sale from the payout.
    const held = harbour.entries.find((entry) => entry.gross_amount_money.amount === 1850)!;
    square().state.payoutEntries = square().state.payoutEntries.filter((entry) => entry !== held);
    harbour.payout.amount_money.amount -= held.net_amount_money.amount;
    const runId = await reconcileMonday();

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.summary).toMatchObject({ kpis: { storesReconciled: 2, storesWithVariance: 1, varianceAmount: 18.5 } });
    const exceptions = await childRuns(runId);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({
      status: "failed",
      error: {
        exception: true,
        reason: expect.stringContaining(
          "Harbour Road, business day 2026-03-30: Square card takings 55.50 USD; Square payouts 37.00 (short by 18.50); Business Central account 10920 55.50 (agrees); tolerance 1.00 USD",
        ),
      },
      outputs: {
        varianceDetails: {
          store: HARBOUR.name,
          squareLocationId: locationId(HARBOUR.name),
          businessDate: "2026-03-30",
          pos: { net: 55.5 },
          payout: { entries: 37, payoutIds: [harbour.payout.id] },
          journal: { net: 55.5 },
          differences: { payoutVsPos: -18.5, journalVsPos: 0 },
          variance: true,
        },
      },
    });
  });

  it("opens nothing for a difference within the tolerance, by amount or by share of the takings", async () => {
    await seedMonday();
    // The sales posting booked Main Street's refund at 10.50 instead of 10.00: 0.50 off.
    bc().state.generalLedgerEntries.find((entry) => entry.accountNumber === MAIN.account && entry.creditAmount === 10)!.creditAmount = 10.5;

    const within = await reconcileMonday();
    expect(await childRuns(within)).toHaveLength(0);
    expect((await h.run(within)).outputs.summary).toMatchObject({ stores: [{ store: MAIN.name, differences: { journalVsPos: -0.5 }, variance: false }, { store: HARBOUR.name, variance: false }] });

    // 2% of 43.00 is 0.86: the larger tolerance applies.
    expect(await childRuns(await reconcileMonday({ toleranceAmount: 0, tolerancePercent: 2 }))).toHaveLength(0);

    const [beyond, ...others] = await childRuns(await reconcileMonday({ toleranceAmount: 0.25 }));
    expect(others).toHaveLength(0);
    expect(beyond!.error).toMatchObject({ reason: expect.stringContaining("Main Street, business day 2026-03-30: Square card takings 43.00 USD; Square payouts 43.00 (agrees); Business Central account 10910 42.50 (short by 0.50)") });
  });

  it("counts the business day from the cut-off in the client's time zone", async () => {
    // New York is on daylight time (UTC−4): with a 04:00 cut-off, Monday runs from 08:00 UTC Monday to 08:00 UTC Tuesday.
    await sale(MAIN.name, "2026-03-30T07:30:00Z", [{ sku: "MUG-BLUE", quantity: 1 }]);
    await sale(MAIN.name, "2026-03-30T20:00:00Z", [{ sku: "TEE-BLK-M", quantity: 1 }]);
    await sale(MAIN.name, "2026-03-31T06:30:00Z", [{ sku: "TOTE-NAT", quantity: 1 }]);
    addSquarePayout(square().state, { location: MAIN.name, upTo: "2026-03-31T09:00:00Z" });
    book(MAIN.account, "2026-03-30", 43.5);
    const runId = await h.start(cashReconciliationTemplate, params({ businessDayCutoff: "04:00" }), { businessDate: "2026-03-30" }, { timezone: "America/New_York" });

    const run = await h.run(runId);
    expect(run.outputs.summary).toMatchObject({
      beginTime: "2026-03-30T08:00:00.000Z",
      endTime: "2026-03-31T08:00:00.000Z",
      // The 03:30 sale is Sunday's, though the same payout carries it.
      stores: [{ store: MAIN.name, pos: { net: 43.5, payments: 2 }, payout: { entries: 43.5 }, variance: false }, { store: HARBOUR.name, pos: { net: 0 }, variance: false }],
    });
    expect(await childRuns(runId)).toHaveLength(0);
  });

  it("on its schedule reconciles yesterday, where a payout not sent yet, or failed, is a variance", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await sale(MAIN.name, `${yesterday}T12:00:00Z`, [{ sku: "MUG-BLUE", quantity: 1 }]);
    book(MAIN.account, yesterday, 14);
    const reconcile = () => h.start(cashReconciliationTemplate, params(), { trigger: "schedule", mode: "reconcile" });
    const shortPayout = expect.objectContaining({
      exception: true,
      reason: expect.stringContaining(`Main Street, business day ${yesterday}: Square card takings 14.00 USD; Square payouts 0.00 (short by 14.00); Business Central account 10910 14.00 (agrees)`),
    });

    const notSent = await reconcile();
    expect((await h.run(notSent)).outputs.summary).toMatchObject({ businessDate: yesterday, kpis: { storesWithVariance: 1 } });
    expect((await childRuns(notSent)).map((run) => run.error)).toEqual([shortPayout]);

    addSquarePayout(square().state, { location: MAIN.name, upTo: `${yesterday}T23:00:00Z`, status: "FAILED" });
    expect((await childRuns(await reconcile())).map((run) => run.error)).toEqual([shortPayout]);
  });
});
