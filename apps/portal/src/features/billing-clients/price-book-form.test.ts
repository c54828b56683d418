import { describe, expect, it } from "vitest";
import { priceBookFormOf, priceBookPayloadOf, ZPriceBookForm } from "./price-book-form";

const valid = { currency: "EUR", monthlyFee: "49.90", includedRuns: "500", overagePerRun: "0.03", graceDays: "7", templateAddOns: [{ templateKey: "returns", monthlyFee: "10" }] };

describe("ZPriceBookForm", () => {
  it("turns major units into integer minor units", () => {
    expect(ZPriceBookForm.safeParse(valid).success).toBe(true);
    expect(priceBookPayloadOf(valid)).toEqual({ currency: "eur", monthlyFee: 4990, includedRuns: 500, overagePerRun: 3, graceDays: 7, templateAddOns: [{ templateKey: "returns", monthlyFee: 1000 }] });
  });

  it("puts each bad value on its own field", () => {
    const result = ZPriceBookForm.safeParse({ ...valid, monthlyFee: "49.999", includedRuns: "-1", graceDays: "61", templateAddOns: [{ templateKey: "", monthlyFee: "abc" }] });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["graceDays", "includedRuns", "monthlyFee", "templateAddOns.0.monthlyFee", "templateAddOns.0.templateKey"]);
  });

  it("refuses decimals a currency does not have, and amounts past Stripe's limit", () => {
    expect(ZPriceBookForm.safeParse({ ...valid, currency: "jpy", monthlyFee: "100.5" }).success).toBe(false);
    expect(ZPriceBookForm.safeParse({ ...valid, monthlyFee: "1000000.00" }).success).toBe(false);
  });

  it("round-trips a stored price book", () => {
    const stored = { currency: "usd", monthlyFee: 5000, includedRuns: 100, overagePerRun: 2, graceDays: 3, templateAddOns: [] };
    expect(priceBookPayloadOf(priceBookFormOf(stored))).toEqual(stored);
  });
});
