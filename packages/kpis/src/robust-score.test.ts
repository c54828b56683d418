import { describe, expect, it } from "vitest";
import { robustScore } from "./robust-score";

const noisy = [3, 4, 2, 3, 5, 3, 4, 3, 2, 4, 3, 5, 4, 3, 2, 3, 4, 3, 5, 2, 3, 4, 3, 4];

describe("robustScore", () => {
  it("scores against the median and 1.4826 × MAD, which one outlier in the baseline does not move", () => {
    // Median 3, MAD 1.
    expect(robustScore(20, noisy)).toEqual({ baseline: 3, spread: 1.4826, score: 17 / 1.4826, direction: "up" });
    expect(robustScore(20, [...noisy.slice(1), 60]).baseline).toBe(3);
    expect(robustScore(0, noisy)).toMatchObject({ score: -3 / 1.4826, direction: "down" });
  });

  it("keeps noise that is normal for the series below the flag threshold", () => {
    for (const value of noisy) expect(Math.abs(robustScore(value, noisy).score)).toBeLessThan(3.5);
  });

  it("falls back to the mean absolute deviation when most of the baseline is one value", () => {
    const mostlyTen = [10, 10, 10, 10, 10, 10, 10, 30];
    // MAD is 0; mean absolute deviation from the median is 20 / 8.
    expect(robustScore(12, mostlyTen)).toMatchObject({ baseline: 10, spread: 1.2533 * 2.5 });
  });

  it("flags any real move of a series that never moved, with a bounded score", () => {
    expect(robustScore(10.5, Array(10).fill(10))).toMatchObject({ spread: 0.1, score: 5 });
    expect(robustScore(1, Array(10).fill(0))).toMatchObject({ baseline: 0, score: 999, direction: "up" });
    expect(robustScore(0, Array(10).fill(0)).score).toBe(0);
  });
});
