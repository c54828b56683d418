import { describe, expect, it } from "vitest";
import { formatBucket, formatKpiValue } from "./kpi-format";

describe("KPI formatting", () => {
  it("reads durations in the largest whole unit and keeps counts whole", () => {
    expect(formatKpiValue(450, "ms")).toBe("450 ms");
    expect(formatKpiValue(90_000, "ms")).toBe("1.5 min");
    expect(formatKpiValue(7_200_000, "ms")).toBe("2.0 h");
    expect(formatKpiValue(1234, "count")).toBe("1,234");
    expect(formatKpiValue(12.345, "percent")).toBe("12.3%");
    expect(formatKpiValue(Number.NaN, "count")).toBe("–");
  });

  it("labels hourly buckets with the hour and daily ones with the date, in UTC", () => {
    expect(formatBucket(new Date("2026-12-01T13:00:00Z"), "hour", "UTC")).toBe("01 Dec, 13:00");
    expect(formatBucket(new Date("2026-12-01T00:00:00Z"), "day", "UTC")).toBe("01 Dec");
    // A Sydney client's day starts at 13:00 UTC the day before (UTC+11 in December).
    expect(formatBucket(new Date("2026-11-30T13:00:00Z"), "day", "Australia/Sydney")).toBe("01 Dec");
    expect(formatBucket(new Date("2026-11-30T13:00:00Z"), "hour", "Australia/Sydney")).toBe("01 Dec, 00:00");
  });
});
