import { median, medianAbsoluteDeviation } from "simple-statistics";

/** Options for the anomaly check; TSDoc defaults are what the KPI pass uses. */
export interface TAnomalyOptions {
  /** |score| at or above which a bucket is flagged. @defaultValue 3.5 (Iglewicz and Hoaglin's cut-off for the modified z-score) */
  threshold: number;
  /** Trailing buckets the baseline is drawn from. @defaultValue { hour: 24, day: 14 } */
  window: { hour: number; day: number };
  /** Fewer baseline buckets than this and no verdict is given: a new series has no "usual" yet. @defaultValue { hour: 8, day: 7 } */
  minBaseline: { hour: number; day: number };
}

export const DEFAULT_ANOMALY_OPTIONS: TAnomalyOptions = { threshold: 3.5, window: { hour: 24, day: 14 }, minBaseline: { hour: 8, day: 7 } };

/** Scores beyond this are reported as this: past it the number says nothing more. */
export const MAX_SCORE = 999;

export interface TRobustScore {
  baseline: number;
  spread: number;
  score: number;
  direction: "up" | "down";
}

/**
 * The robust z-score of `observed` against `baseline`: (x − median) / spread,
 * spread being 1.4826 × MAD (the standard deviation, for normal data, that
 * one outlier in the baseline cannot inflate). A flat baseline has MAD 0, so
 * the spread falls back to 1.2533 × the mean absolute deviation from the median,
 * then to 1% of the median, then to a hair above zero: a series that never moves
 * is flagged by any real move, and one at a steady 0 by its first event.
 */
export function robustScore(observed: number, baseline: readonly number[]): TRobustScore {
  const center = median([...baseline]);
  const mad = medianAbsoluteDeviation([...baseline]);
  const meanAbsolute = baseline.reduce((sum, value) => sum + Math.abs(value - center), 0) / baseline.length;
  const spread = Math.max(1.4826 * mad, 1.2533 * meanAbsolute, Math.abs(center) * 0.01, 1e-6);
  const raw = (observed - center) / spread;
  const score = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, raw));
  return { baseline: center, spread, score, direction: score >= 0 ? "up" : "down" };
}
