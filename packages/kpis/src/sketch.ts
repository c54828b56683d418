import { z } from "zod";

/**
 * A log-bucketed histogram (the DDSketch idea): each value falls in the bin
 * `ceil(log_γ |v|)`, so every bin's representative is within RELATIVE_ACCURACY
 * of each value in it, and two sketches merge exactly by adding bin counts.
 * That is what lets hourly and daily rollups keep p50/p95 incrementally
 * without ever reading their points again.
 */
export const ZSketch = z.object({
  zero: z.number(),
  pos: z.record(z.string(), z.number()),
  neg: z.record(z.string(), z.number()),
});
export type TSketch = z.infer<typeof ZSketch>;

export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Magnitudes below this count as zero: no KPI is measured that finely. */
const SMALLEST = 1e-9;

export const emptySketch = (): TSketch => ({ zero: 0, pos: {}, neg: {} });

const binOf = (magnitude: number) => String(Math.ceil(Math.log(magnitude) / LOG_GAMMA));
const representative = (bin: number) => (2 * GAMMA ** bin) / (GAMMA + 1);

/** A new sketch with `values` added. */
export function addToSketch(sketch: TSketch, values: readonly number[]): TSketch {
  const next = { zero: sketch.zero, pos: { ...sketch.pos }, neg: { ...sketch.neg } };
  for (const value of values) {
    if (Math.abs(value) < SMALLEST) next.zero++;
    else {
      const bins = value > 0 ? next.pos : next.neg;
      const bin = binOf(Math.abs(value));
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
  }
  return next;
}

export function mergeSketches(a: TSketch, b: TSketch): TSketch {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [bin, n] of Object.entries(y)) out[bin] = (out[bin] ?? 0) + n;
    return out;
  };
  return { zero: a.zero + b.zero, pos: add(a.pos, b.pos), neg: add(a.neg, b.neg) };
}

/**
 * The q-quantile (0–1) within RELATIVE_ACCURACY, by nearest rank (the smallest
 * value at least a share q of the values do not exceed, so p95 of two values is
 * the larger); clamped to [min, max] so a bucket of one value reports it exactly.
 */
export function sketchQuantile(sketch: TSketch, q: number, bounds: { min: number; max: number }): number {
  const ordered: [number, number][] = [
    ...Object.entries(sketch.neg).map(([bin, n]): [number, number] => [-representative(Number(bin)), n]).sort((a, b) => a[0] - b[0]),
    ...(sketch.zero > 0 ? [[0, sketch.zero] as [number, number]] : []),
    ...Object.entries(sketch.pos).map(([bin, n]): [number, number] => [representative(Number(bin)), n]).sort((a, b) => a[0] - b[0]),
  ];
  const total = ordered.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  let estimate = ordered.at(-1)![0];
  for (const [value, n] of ordered) {
    seen += n;
    if (seen >= rank) {
      estimate = value;
      break;
    }
  }
  return Math.min(Math.max(estimate, bounds.min), bounds.max);
}
