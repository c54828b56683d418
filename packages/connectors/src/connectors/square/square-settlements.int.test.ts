import { randomUUID } from "node:crypto";
import { addSquarePayout, createSquareSimulator, DEFAULT_SQUARE_SEED, startSimulator, type TSimulator, type TSquareSimulator } from "@storeflow/simulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invokeAction } from "../../sdk/invoke";
import { squareConnector } from "./connector";

let sim: TSimulator;
let square: TSquareSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [createSquareSimulator({ ...DEFAULT_SQUARE_SEED, locations: ["Main Street", "Harbour Road"] })] });
  square = sim.vendor<TSquareSimulator>("square");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function invoke(operation: string, input: unknown) {
  return invokeAction(squareConnector, {
    operation,
    input,
    idempotencyKey: randomUUID(),
    config: squareConnector.config.parse({ environment: "sandbox", baseUrl: `${sim.url}/square`, locationId: square.state.locations[0]!.id }),
    secrets: { accessToken: square.state.accessToken },
    fetch: (url, init) => fetch(url, init),
    signal: AbortSignal.timeout(10_000),
  }) as Promise<Record<string, unknown>>;
}

const DAY = { beginTime: "2026-03-30T00:00:00Z", endTime: "2026-03-31T00:00:00Z" };
const harbour = () => square.state.locations[1]!;

/** A paid sale at `location`, dated `at`. */
async function sale(at: string, location = "Main Street") {
  const { order, payment } = await square.createOrder({ lineItems: [{ sku: "MUG-BLUE", quantity: 1 }], location });
  order.created_at = payment.created_at = at;
  return payment;
}

describe("Square payments and refunds lists", () => {
  it("lists one location's payments created in the window, following the cursor past Square's page of 100", async () => {
    for (let i = 0; i < 105; i++) await sale(`2026-03-30T10:${String(i % 60).padStart(2, "0")}:00Z`);
    await sale("2026-03-31T00:00:00Z");
    await sale("2026-03-30T12:00:00Z", "Harbour Road");

    const all = await invoke("listPayments", DAY);
    expect(all.truncated).toBe(false);
    expect(all.payments).toHaveLength(105);
    expect(all.payments).toContainEqual(expect.objectContaining({ status: "COMPLETED", sourceType: "CARD", amountMoney: { amount: 1400, currency: "USD" } }));

    expect(await invoke("listPayments", { ...DAY, locationId: harbour().id })).toMatchObject({ payments: [{ locationId: harbour().id }], truncated: false });
    const capped = await invoke("listPayments", { ...DAY, maxPayments: 100 });
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.payments).toHaveLength(100);
  });

  it("lists a location's refunds by creation time, of any status unless one is asked for", async () => {
    const payment = await sale("2026-03-29T15:00:00Z");
    const refund = (await invoke("refundPayment", { paymentId: payment.id, amount: { amount: 400, currency: "USD" } })).refund as { id: string };
    const stored = square.state.refunds.find((r) => r.id === refund.id)!;
    stored.created_at = "2026-03-30T09:00:00Z";

    expect(await invoke("listRefunds", DAY)).toEqual({ refunds: [expect.objectContaining({ id: refund.id, paymentId: payment.id, status: "PENDING", destinationType: "CARD", amountMoney: { amount: 400, currency: "USD" } })], truncated: false });
    expect(await invoke("listRefunds", { ...DAY, status: "COMPLETED" })).toEqual({ refunds: [], truncated: false });
    expect(await invoke("listRefunds", { ...DAY, locationId: harbour().id })).toEqual({ refunds: [], truncated: false });
  });
});

describe("Square payouts", () => {
  it("lists a location's payouts by creation time and each payout's charge and refund entries with fees", async () => {
    const first = await sale("2026-03-30T10:00:00Z");
    await sale("2026-03-30T11:00:00Z", "Harbour Road");
    const refund = (await invoke("refundPayment", { paymentId: first.id, amount: { amount: 1000, currency: "USD" } })).refund as { id: string };
    square.state.refunds.find((r) => r.id === refund.id)!.created_at = "2026-03-30T12:00:00Z";
    const { payout } = addSquarePayout(square.state, { upTo: "2026-03-30T23:00:00Z", status: "SENT" });
    addSquarePayout(square.state, { location: "Harbour Road", upTo: "2026-03-30T23:00:00Z" });

    const listed = await invoke("listPayouts", { beginTime: "2026-03-30T00:00:00Z" });
    expect(listed).toEqual({
      payouts: [{ id: payout.id, status: "SENT", locationId: square.state.locations[0]!.id, createdAt: "2026-03-30T23:00:00Z", amountMoney: { amount: 1400 - 51 - 1000 + 26, currency: "USD" }, type: "BATCH", arrivalDate: "2026-03-31" }],
      truncated: false,
    });
    expect(await invoke("listPayouts", { beginTime: "2026-03-31T00:00:00Z" })).toEqual({ payouts: [], truncated: false });
    expect(await invoke("listPayouts", { status: "PAID" })).toEqual({ payouts: [], truncated: false });

    const { entries } = (await invoke("listPayoutEntries", { payoutId: payout.id })) as { entries: unknown[] };
    expect(entries).toEqual([
      expect.objectContaining({ type: "CHARGE", effectiveAt: "2026-03-30T10:00:00Z", grossAmountMoney: { amount: 1400, currency: "USD" }, feeAmountMoney: { amount: 51, currency: "USD" }, netAmountMoney: { amount: 1349, currency: "USD" }, paymentId: first.id, refundId: null }),
      expect.objectContaining({ type: "REFUND", effectiveAt: "2026-03-30T12:00:00Z", grossAmountMoney: { amount: -1000, currency: "USD" }, feeAmountMoney: { amount: -26, currency: "USD" }, paymentId: first.id, refundId: refund.id }),
    ]);
  });

  it("reads payout money whichever way Square spells its currency", async () => {
    await sale("2026-03-30T10:00:00Z");
    const { payout, entries } = addSquarePayout(square.state, { upTo: "2026-03-30T23:00:00Z" });
    // As Square's published payout examples spell it.
    Object.assign(entries[0]!, { gross_amount_money: { amount: 1400, currency_code: "USD" } });
    const read = (await invoke("listPayoutEntries", { payoutId: payout.id })) as { entries: { grossAmountMoney: unknown }[] };
    expect(read.entries[0]!.grossAmountMoney).toEqual({ amount: 1400, currency: "USD" });
  });

  it("names a payout Square does not know", async () => {
    await expect(invoke("listPayoutEntries", { payoutId: "po_missing" })).rejects.toThrow(/answered 404: NOT_FOUND: Could not find payout with id: po_missing/);
  });
});
