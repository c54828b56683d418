import { describe, expect, it } from "vitest";
import { addHistogram, DURATION_EDGES_MS, durationBucket, emptyHistogram, histogramPercentile } from "./histogram";

describe("duration histogram", () => {
  it("has fixed edges from 1 ms, each at most 25% (or 1 ms) above the last, past 90 days", () => {
    expect(DURATION_EDGES_MS.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 7, 9, 12, 15, 19, 24, 30]);
    expect(DURATION_EDGES_MS.at(-1)).toBeGreaterThan(90 * 86_400_000);
    expect(DURATION_EDGES_MS).toHaveLength(99);
  });

  it("buckets like width_bucket: below the first edge is 0, an edge starts its bucket", () => {
    expect([0, 0.5, 1, 1.9, 2, 6, 7, 10_000, 1e12].map(durationBucket)).toEqual([0, 0, 1, 1, 2, 5, 6, durationBucket(10_000), 99]);
    expect(DURATION_EDGES_MS[durationBucket(10_000) - 1]!).toBeLessThanOrEqual(10_000);
    expect(DURATION_EDGES_MS[durationBucket(10_000)]!).toBeGreaterThan(10_000);
  });

  it("gives percentiles of summed histograms as the upper edge of the bucket the rank falls in", () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    for (const ms of [3, 3, 3, 3]) a[durationBucket(ms)]!++;
    for (const ms of [100, 100, 5000, 5000, 5000, 60_000]) b[durationBucket(ms)]!++;
    const sum = addHistogram(emptyHistogram(), a);
    addHistogram(sum, b);
    // Ten durations: 3 ×4, 100 ×2, 5000 ×3, 60000.
    expect(histogramPercentile(sum, 0.4)).toBe(4);
    expect(histogramPercentile(sum, 0.5)).toBe(DURATION_EDGES_MS[durationBucket(100)]);
    expect(histogramPercentile(sum, 0.9)).toBe(DURATION_EDGES_MS[durationBucket(5000)]);
    expect(histogramPercentile(sum, 0.99)).toBe(DURATION_EDGES_MS[durationBucket(60_000)]);
    expect(histogramPercentile(emptyHistogram(), 0.5)).toBeNull();
  });
});
