import { shopifySimulator, squareSimulator, type TShopifySimulator, type TSquareSimulator } from "@storeflow/simulator";
import { beforeEach, describe, expect, it } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { pricePromotionTemplate } from "./index";

const h = useTemplateHarness([squareSimulator, shopifySimulator]);

beforeEach(async () => {
  await h.bind("pos", h.connections.square());
  await h.bind("shop", h.connections.shopify());
});

const square = () => h.sim.vendor<TSquareSimulator>("square");
const shop = () => h.sim.vendor<TShopifySimulator>("shopify");

// Seeded in both systems: the tee at 25.00 (Square 2500 cents, version 1), the tote at 18.50.
const TEE = "TEE-BLK-M";
const TOTE = "TOTE-NAT";
const usd = (amount: number) => ({ amount, currency: "USD" });
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

function promotion(overrides: Record<string, unknown> = {}) {
  return { promotionId: "SPRING-26", name: "Spring sale", activateAt: hoursFromNow(1), prices: [{ sku: TEE, price: 20.4, compareAtPrice: 25 }, { sku: TOTE, price: 15 }], ...overrides };
}

const before = (path: string[], first: string, second: string) => expect(path.indexOf(first)).toBeLessThan(path.indexOf(second));

describe("price change / promotion", () => {
  it("applies the rounded prices to Square and Shopify at the start time, with the compare-at price on Shopify", async () => {
    const runId = await h.start(pricePromotionTemplate, { rounding: "endIn99" }, promotion());

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    before(run.path, "waitForActivation", "recordSquare");
    before(run.path, "recordSquare", "applySquare");
    before(run.path, "applySquare", "applyShopify");
    // endIn99: 20.40 → 19.99, 15.00 → 14.99.
    expect(square().findVariation(TEE)).toMatchObject({ price_money: usd(1999), version: 2 });
    expect(square().findVariation(TOTE)).toMatchObject({ price_money: usd(1499), version: 2 });
    expect(shop().findVariant(TEE)).toMatchObject({ price: "19.99", compareAtPrice: "25.00" });
    expect(shop().findVariant(TOTE)).toMatchObject({ price: "14.99" });
    expect(shop().findVariant(TOTE).compareAtPrice ?? null).toBeNull();
    // Other variations and variants are left alone.
    expect(square().findVariation("MUG-BLUE")).toMatchObject({ price_money: usd(1400), version: 1 });
    expect(shop().findVariant("TEE-BLK-L").price).toBe("25.00");

    expect(run.outputs.recordActive).toMatchObject({
      outcome: "active",
      promotionId: "SPRING-26",
      prices: [expect.objectContaining({ sku: TEE, price: "19.99", cutPercent: 20 }), expect.objectContaining({ sku: TOTE, price: "14.99", cutPercent: 19 })],
      kpis: { skusRepriced: 2, deepestCutPercent: 20, activationLagMs: 0 },
    });
  });

  it("puts the recorded prices back at the end time and verifies them", async () => {
    const runId = await h.start(pricePromotionTemplate, {}, promotion({ endsAt: hoursFromNow(49) }));

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    before(run.path, "verifyActivationCompare1", "waitForEnd");
    before(run.path, "waitForEnd", "restoreSquare");
    // At activation both systems were read back showing the promotion prices.
    expect(run.outputs.verifyActivationCompare1).toMatchObject({ matched: true, mismatches: [] });
    expect(run.outputs.verifyActivationReadShopify1).toMatchObject({
      variants: [expect.objectContaining({ sku: TEE, price: "20.40", compareAtPrice: "25.00" }), expect.objectContaining({ sku: TOTE, price: "15.00" })],
    });

    // Each Square variation was written twice (promotion, then restore).
    expect(square().findVariation(TEE)).toMatchObject({ price_money: usd(2500), version: 3 });
    expect(square().findVariation(TOTE)).toMatchObject({ price_money: usd(1850), version: 3 });
    expect(shop().findVariant(TEE)).toMatchObject({ price: "25.00", compareAtPrice: null });
    expect(shop().findVariant(TOTE)).toMatchObject({ price: "18.50", compareAtPrice: null });
    expect(run.outputs.verifyRestoreCompare1).toMatchObject({ matched: true });
    expect(run.outputs.recordRestored).toMatchObject({ outcome: "ended", leftAsEdited: [], kpis: { skusRepriced: 2, deepestCutPercent: 18.9 } });
  });

  it("rolls Square back to the recorded price when Shopify refuses the promotion, and opens an exception naming Shopify and the SKUs", async () => {
    // Only the promotion's write fails (its body carries the new price), so the rollback reaches Shopify.
    h.sim.faults.add({ vendor: "shopify", bodyIncludes: '"price":"20.40"', status: 503, body: { errors: "Service unavailable" }, times: 10 });

    const runId = await h.start(pricePromotionTemplate, {}, promotion());

    const run = await h.run(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      exception: true,
      reason: expect.stringContaining(`promotion SPRING-26 (Spring sale) was not applied: Shopify refused the new prices of ${TEE}, ${TOTE}`),
    });
    expect((run.error as { reason: string }).reason).toContain("Square holds the prices from before; Shopify holds the prices from before.");
    expect(run.outputs.describeActivationFailure).toMatchObject({ failedSystems: ["Shopify"], skus: [TEE, TOTE] });
    // Square was changed (version 2) and set back (version 3); Shopify never changed.
    expect(square().findVariation(TEE)).toMatchObject({ price_money: usd(2500), version: 3 });
    expect(square().findVariation(TOTE)).toMatchObject({ price_money: usd(1850), version: 3 });
    expect(shop().findVariant(TEE)).toMatchObject({ price: "25.00" });
    expect(shop().findVariant(TEE).compareAtPrice ?? null).toBeNull();
    expect(run.path).not.toContain("verifyActivationReadSquare1");
  });

  it("rolls back when a price read back still differs after every verification retry", async () => {
    // A register that acknowledges the write but keeps selling at the old price.
    const tee = square().findVariation(TEE);
    const kept = tee.price_money;
    Object.defineProperty(tee, "price_money", { get: () => kept, set: () => undefined, enumerable: true });

    const runId = await h.start(pricePromotionTemplate, { verificationRetries: 2 }, promotion());

    const run = await h.run(runId);
    expect(run.status).toBe("failed");
    expect(run.path.filter((step) => step.startsWith("verifyActivationReadSquare"))).toEqual(["verifyActivationReadSquare1", "verifyActivationReadSquare2", "verifyActivationReadSquare3"]);
    expect(run.error).toMatchObject({
      exception: true,
      reason: expect.stringContaining(`was not applied: after 3 reads the prices still differ: Square ${TEE} shows 25.00, expected 20.40. Square holds the prices from before; Shopify holds the prices from before.`),
    });
    expect(run.outputs.describeActivationFailure).toMatchObject({ failedSystems: ["Square"], mismatches: [{ system: "Square", sku: TEE, expected: "20.40", actual: "25.00" }] });
    // The tote had taken its promotion price in Square and is set back; Shopify is back at the recorded prices.
    expect(square().findVariation(TOTE)).toMatchObject({ price_money: usd(1850), version: 3 });
    expect(shop().findVariant(TEE)).toMatchObject({ price: "25.00", compareAtPrice: null });
    expect(shop().findVariant(TOTE).price).toBe("18.50");
  });

  it("holds a cut deeper than the guard for approval, changing nothing until it is approved", async () => {
    const runId = await h.start(pricePromotionTemplate, { maxDiscountPercent: 30, approverRole: "partner_owner" }, promotion({ prices: [{ sku: TEE, price: 12.5 }, { sku: TOTE, price: 16 }] }));

    expect((await h.run(runId)).status).toBe("running");
    expect(await h.approval(runId)).toMatchObject({
      title: "Approve a promotion cutting prices by more than 30%",
      details: { promotionId: "SPRING-26", maxDiscountPercent: 30, deepCuts: [expect.objectContaining({ sku: TEE, cutPercent: 50, price: "12.50", squarePrices: ["25.00"] })] },
    });
    expect(square().findVariation(TEE)).toMatchObject({ price_money: usd(2500), version: 1 });
    expect(shop().findVariant(TEE).price).toBe("25.00");

    await h.decide(runId, "approved");

    expect((await h.run(runId)).status).toBe("succeeded");
    expect(square().findVariation(TEE).price_money).toEqual(usd(1250));
    expect(shop().findVariant(TEE).price).toBe("12.50");
    expect(shop().findVariant(TOTE).price).toBe("16.00");
  });

  it("ends with nothing changed when the deep cut is rejected", async () => {
    const runId = await h.start(pricePromotionTemplate, { maxDiscountPercent: 30, approverRole: "partner_owner" }, promotion({ prices: [{ sku: TEE, price: 12.5 }] }));
    await h.decide(runId, "rejected", "too deep for the brand");

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.recordRejection).toMatchObject({ outcome: "rejected", reason: "too deep for the brand", kpis: { promotionsRejected: 1 } });
    expect(run.path).not.toContain("applySquare");
    expect(square().findVariation(TEE)).toMatchObject({ price_money: usd(2500), version: 1 });
    expect(shop().findVariant(TEE).price).toBe("25.00");
  });

  it("opens an exception, with nothing changed, when nobody approves the deep cut in time", async () => {
    const runId = await h.start(pricePromotionTemplate, { maxDiscountPercent: 30, approvalExpiresInHours: 12 }, promotion({ prices: [{ sku: TOTE, price: 9.25 }] }));
    await h.expire(runId);

    expect((await h.run(runId)).error).toMatchObject({
      exception: true,
      reason: expect.stringContaining(`promotion SPRING-26 (Spring sale) did not start: nobody approved its cuts deeper than 30% (${TOTE} 50%) within 12 hours; nothing was changed`),
    });
    expect(square().findVariation(TOTE)).toMatchObject({ price_money: usd(1850), version: 1 });
  });

  it("refuses, before any change, a promotion with a SKU one system does not sell or with times out of order", async () => {
    // The mug is sold in the shop only in Square.
    const missing = await h.start(pricePromotionTemplate, {}, promotion({ prices: [{ sku: TEE, price: 20 }, { sku: "MUG-BLUE", price: 12 }] }));
    expect((await h.run(missing)).error).toMatchObject({ exception: true, reason: expect.stringContaining("promotion SPRING-26 cannot be scheduled, nothing was changed: not in Shopify: MUG-BLUE") });
    expect(square().findVariation(TEE)).toMatchObject({ price_money: usd(2500), version: 1 });

    const backwards = await h.start(pricePromotionTemplate, {}, promotion({ activateAt: hoursFromNow(5), endsAt: hoursFromNow(2), prices: [{ sku: TEE, price: 0 }] }));
    expect((await h.run(backwards)).error).toMatchObject({
      exception: true,
      reason: expect.stringContaining(`cannot be scheduled: the price of ${TEE} must be a number above 0; endsAt must be after activateAt`),
    });
  });
});
