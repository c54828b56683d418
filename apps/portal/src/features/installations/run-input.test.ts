import { describe, expect, it } from "vitest";
import { parseRunInput } from "./run-input";

describe("parseRunInput", () => {
  it("sends {} for an empty input and parses JSON", () => {
    expect(parseRunInput("  ")).toEqual({ ok: true, value: {} });
    expect(parseRunInput('{ "purchaseOrderNumber": "PO-1001" }')).toEqual({ ok: true, value: { purchaseOrderNumber: "PO-1001" } });
  });

  it("refuses what is not JSON, saying why", () => {
    const result = parseRunInput("{ purchaseOrderNumber: PO-1 }");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^Not valid JSON: /);
  });
});
