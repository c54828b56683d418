import { describe, expect, it } from "vitest";
import { approvalFactsOf } from "./approval-details";

describe("approvalFactsOf", () => {
  it("picks the reasons, the plain values and a classification's rationale from a return's review", () => {
    const facts = approvalFactsOf({
      why: ["the refund of 50.00 USD is above the approval threshold of 40.00 USD"],
      orderName: "#1001",
      refundAmount: 50,
      currency: "USD",
      lines: [{ sku: "TEE-BLK-M", quantity: 2 }],
      classification: { label: "wrong_size", confidence: 0.875, rationale: "The customer says it is too small." },
      flagged: false,
    });
    expect(facts.why).toEqual(["the refund of 50.00 USD is above the approval threshold of 40.00 USD"]);
    expect(facts.facts).toEqual([
      { label: "Order name", value: "#1001" },
      { label: "Refund amount", value: "50" },
      { label: "Currency", value: "USD" },
      { label: "Flagged", value: "No" },
    ]);
    expect(facts.rationales).toEqual([{ label: "Classification", text: "The customer says it is too small." }]);
  });

  it("shows nothing for details that are not an object, and skips blank or non-finite values", () => {
    expect(approvalFactsOf(null)).toEqual({ why: [], facts: [], rationales: [] });
    expect(approvalFactsOf(["a"])).toEqual({ why: [], facts: [], rationales: [] });
    expect(approvalFactsOf({ why: "one reason", note: "  ", ratio: Number.NaN, classification: { rationale: 3 } })).toEqual({ why: ["one reason"], facts: [], rationales: [] });
  });

  it("keeps the first eight values so a row stays readable", () => {
    const details = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field${i}`, i]));
    expect(approvalFactsOf(details).facts).toHaveLength(8);
  });
});
