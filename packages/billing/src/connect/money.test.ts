import { describe, expect, it } from "vitest";
import { formatMoney, majorTextToMinor, minorToMajorText } from "./money";

describe("majorTextToMinor", () => {
  it("converts major units to whole minor units without floating-point error", () => {
    expect(majorTextToMinor("0.29", "usd")).toBe(29);
    expect(majorTextToMinor("12.5", "eur")).toBe(1250);
    expect(majorTextToMinor(" 49 ", "usd")).toBe(4900);
    expect(majorTextToMinor("1200", "jpy")).toBe(1200);
  });

  it("refuses text that is not a plain amount in the currency", () => {
    for (const text of ["", "-1", "1.234", "1e3", "1,000", "abc", "12.5.0"]) expect(majorTextToMinor(text, "usd")).toBeNull();
    expect(majorTextToMinor("12.5", "jpy")).toBeNull();
  });
});

describe("formatting", () => {
  it("shows minor units as major ones", () => {
    expect(formatMoney(1250, "usd")).toBe("$12.50");
    expect(formatMoney(1200, "jpy")).toBe("¥1,200");
    expect(minorToMajorText(5, "usd")).toBe("0.05");
    expect(minorToMajorText(1200, "jpy")).toBe("1200");
  });
});
