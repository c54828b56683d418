import { describe, expect, it } from "vitest";
import { bucketStart, previousBucketStart } from "./buckets";

const iso = (d: Date) => d.toISOString();

describe("KPI buckets", () => {
  it("start days at the client's local midnight, hours on UTC hours", () => {
    const at = new Date("2026-06-10T02:30:00Z");
    expect(iso(bucketStart(at, "day"))).toBe("2026-06-10T00:00:00.000Z");
    // 02:30 UTC is still 9 June in New York (UTC-4 in summer) and already 10 June in Sydney (UTC+10).
    expect(iso(bucketStart(at, "day", "America/New_York"))).toBe("2026-06-09T04:00:00.000Z");
    expect(iso(bucketStart(at, "day", "Australia/Sydney"))).toBe("2026-06-09T14:00:00.000Z");
    expect(iso(bucketStart(at, "day", "Asia/Kolkata"))).toBe("2026-06-09T18:30:00.000Z");
    expect(iso(bucketStart(at, "hour", "Asia/Kolkata"))).toBe("2026-06-10T02:00:00.000Z");
  });

  it("give the days clocks change on their true length, and step back across them", () => {
    // New York springs forward on 8 March 2026 (a 23-hour day) and falls back on 1 November (25 hours).
    const spring = bucketStart(new Date("2026-03-08T20:00:00Z"), "day", "America/New_York");
    expect(iso(spring)).toBe("2026-03-08T05:00:00.000Z");
    expect(iso(bucketStart(new Date("2026-03-09T12:00:00Z"), "day", "America/New_York"))).toBe("2026-03-09T04:00:00.000Z");
    expect(iso(previousBucketStart(new Date("2026-03-09T04:00:00Z"), "day", "America/New_York"))).toBe(iso(spring));
    const fall = bucketStart(new Date("2026-11-01T23:00:00Z"), "day", "America/New_York");
    expect(iso(fall)).toBe("2026-11-01T04:00:00.000Z");
    expect(iso(previousBucketStart(new Date("2026-11-02T05:00:00Z"), "day", "America/New_York"))).toBe(iso(fall));
  });

  it("count an unknown zone as UTC rather than fail the pass", () => {
    expect(iso(bucketStart(new Date("2026-06-10T02:30:00Z"), "day", "Mars/Olympus"))).toBe("2026-06-10T00:00:00.000Z");
  });
});
