import { describe, expect, it } from "vitest";
import { formatBucketLabel, formatDuration, formatPercent } from "./sla-format";

describe("formatPercent", () => {
  it("shows a dash when there were no runs to judge, not 0 %", () => {
    expect(formatPercent(null)).toBe("–");
    expect(formatPercent(0)).toBe("0.0 %");
  });
  it("keeps the requested precision so 99.95 % does not round up to 100 %", () => {
    expect(formatPercent(0.9995, 2)).toBe("99.95 %");
    expect(formatPercent(1)).toBe("100.0 %");
  });
});

describe("formatDuration", () => {
  it("picks the coarsest unit that still reads precisely", () => {
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_300)).toBe("12.3 s");
    expect(formatDuration(90_000)).toBe("1.5 min");
    expect(formatDuration(2 * 3_600_000)).toBe("2.0 h");
    expect(formatDuration(3 * 86_400_000)).toBe("3.0 d");
  });
});

describe("formatBucketLabel", () => {
  it("labels UTC buckets the same wherever it renders", () => {
    expect(formatBucketLabel(new Date("2026-11-03T14:00:00Z"), "hour")).toBe("03 Nov, 14:00");
    expect(formatBucketLabel(new Date("2026-11-03T00:00:00Z"), "day")).toBe("03 Nov");
  });
});
