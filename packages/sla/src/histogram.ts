/**
 * Run durations are counted in fixed log-scale buckets so that the histograms of
 * any set of rollup buckets add up element by element, and a percentile over a
 * whole range comes from the summed histogram. Each edge is at least 25% above
 * the previous one (and at least 1 ms), so a percentile is off by under 25%, and
 * the edges reach past 90 days. The edges must never change: stored histograms
 * are positional. The benchmark seed computes the same index in SQL with
 * `width_bucket(duration, edges)`.
 */
export const DURATION_EDGES_MS: readonly number[] = (() => {
  const edges = [1];
  const limit = 91 * 24 * 3_600_000;
  while (edges.at(-1)! <= limit) edges.push(Math.max(edges.at(-1)! + 1, Math.ceil(edges.at(-1)! * 1.25)));
  return edges;
})();

/** Position in a histogram: 0 below 1 ms, i for edges[i-1] <= ms < edges[i], the last for anything longer. */
export function durationBucket(ms: number): number {
  let low = 0;
  let high = DURATION_EDGES_MS.length;
  // The number of edges <= ms, which is what width_bucket returns.
  while (low < high) {
    const mid = (low + high) >> 1;
    if (DURATION_EDGES_MS[mid]! <= ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** An empty histogram, one slot per bucket. */
export function emptyHistogram(): number[] {
  return new Array<number>(DURATION_EDGES_MS.length + 1).fill(0);
}

/** Adds `other` into `into` (shorter histograms are zero-padded). */
export function addHistogram(into: number[], other: readonly (number | null)[] | null | undefined): number[] {
  if (!other) return into;
  for (let i = 0; i < other.length; i++) into[i] = (into[i] ?? 0) + (other[i] ?? 0);
  return into;
}

/**
 * The `q` quantile (0-1) of the durations counted, as the upper edge of the
 * bucket it falls in (an SLA reads "p95 at most X"); null when nothing was counted.
 */
export function histogramPercentile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return DURATION_EDGES_MS[Math.min(i, DURATION_EDGES_MS.length - 1)]!;
  }
  return DURATION_EDGES_MS.at(-1)!;
}
