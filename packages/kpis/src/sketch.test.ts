import { describe, expect, it } from "vitest";
import { addToSketch, emptySketch, mergeSketches, RELATIVE_ACCURACY, sketchQuantile } from "./sketch";

const exactQuantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * values.length) - 1)]!;

describe("the rollup sketch", () => {
  it("estimates quantiles within its relative accuracy, negatives and zeros included", () => {
    const values = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) - 100);
    const sketch = addToSketch(emptySketch(), values);
    const bounds = { min: Math.min(...values), max: Math.max(...values) };
    for (const q of [0, 0.05, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = exactQuantile(values, q);
      expect(Math.abs(sketchQuantile(sketch, q, bounds) - exact), `q=${q}`).toBeLessThanOrEqual(Math.abs(exact) * RELATIVE_ACCURACY + 1e-9);
    }
  });

  it("merges exactly: two halves give the sketch of the whole", () => {
    const a = [5, 10, 250, 0, -3];
    const b = [10, 7000, 0.5];
    expect(mergeSketches(addToSketch(emptySketch(), a), addToSketch(emptySketch(), b))).toEqual(addToSketch(emptySketch(), [...a, ...b]));
  });

  it("takes the nearest rank: p95 of two values is the larger", () => {
    const sketch = addToSketch(emptySketch(), [100, 300]);
    expect(sketchQuantile(sketch, 0.5, { min: 100, max: 300 })).toBeCloseTo(100, -1);
    expect(sketchQuantile(sketch, 0.95, { min: 100, max: 300 })).toBe(300);
  });

  it("reports a single value exactly, and nothing for an empty sketch", () => {
    expect(sketchQuantile(addToSketch(emptySketch(), [123.45]), 0.95, { min: 123.45, max: 123.45 })).toBe(123.45);
    expect(sketchQuantile(emptySketch(), 0.5, { min: 0, max: 0 })).toBeNaN();
  });
});
