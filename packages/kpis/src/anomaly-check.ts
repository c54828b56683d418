import { type TTemplateCatalog } from "@storeflow/templates";
import type pg from "pg";
import { GRAIN_MS, GRAINS, previousBucketStart, type TGrain } from "./buckets";
import { kpiAggregate } from "./kpi-values";
import { robustScore, type TAnomalyOptions } from "./robust-score";

/** A flag the check recorded. */
export interface TRecordedAnomaly {
  installationId: string;
  kpiKey: string;
  dimension: string;
  grain: TGrain;
  bucketStart: Date;
  observed: number;
  baseline: number;
  score: number;
  direction: "up" | "down";
}

interface TClosedBucket {
  partner_id: string;
  client_id: string;
  installation_id: string;
  template_key: string;
  template_version: string;
  kpi_key: string;
  dimension: string;
  bucket_start: Date;
  count: number;
  sum: number;
  /** Trailing buckets of the same series within the window: [bucket start (ms), count, sum]. */
  trailing: [number, number, number][];
  first_bucket: Date;
  time_zone: string;
}

const bucketValue = (aggregate: "sum" | "mean", count: number, sum: number) => (aggregate === "sum" ? sum : sum / count);

/**
 * The trailing values a bucket is judged against. A summed KPI (events, items)
 * that reported nothing in an hour had 0 that hour, so empty slots since the
 * series began count as 0; an averaged one (a duration) had no value, so only
 * buckets with points count. Days are the client's local days, stepped back
 * by the calendar (a day its clocks change is 23 or 25 hours long).
 */
function baselineOf(bucket: TClosedBucket, grain: TGrain, window: number, aggregate: "sum" | "mean"): number[] {
  const byStart = new Map(bucket.trailing.map(([start, count, sum]) => [start, bucketValue(aggregate, count, sum)]));
  if (aggregate === "mean") return [...byStart.entries()].sort(([a], [b]) => a - b).slice(-window).map(([, value]) => value);
  const values: number[] = [];
  let start = bucket.bucket_start;
  for (let k = 1; k <= window; k++) {
    start = previousBucketStart(start, grain, bucket.time_zone);
    if (start < bucket.first_bucket) break;
    values.push(byStart.get(start.getTime()) ?? 0);
  }
  return values;
}

/** How long after its start a bucket is surely over: a local day may last 25 hours. */
const CLOSES_AFTER_MS: Record<TGrain, number> = { hour: GRAIN_MS.hour, day: GRAIN_MS.day + GRAIN_MS.hour };

/**
 * Judges every series bucket that closed in (from, to] — its hour or day ended
 * and every run finished in it has been read — against the series' own trailing
 * buckets, and records the ones that stand out. A bucket closes once, when the
 * watermark passes its end, so each is judged once; the unique key makes a
 * repeated judgement record nothing.
 */
export async function checkClosedBuckets(client: pg.PoolClient, options: { from: Date; to: Date; templates: TTemplateCatalog; anomaly: TAnomalyOptions }): Promise<TRecordedAnomaly[]> {
  const recorded: TRecordedAnomaly[] = [];
  for (const grain of GRAINS) {
    const closesAfter = CLOSES_AFTER_MS[grain];
    const window = options.anomaly.window[grain];
    // Buckets that closed in (from, to]: surely ended (every local day judged an hour after 24 h), so each is judged once.
    const { rows } = await client.query<TClosedBucket>({
      text: `select c.partner_id, c.client_id, c.installation_id, i.template_key, i.template_version, c.kpi_key, c.dimension, c.bucket_start, c.count, c.sum,
               coalesce((select jsonb_agg(jsonb_build_array((extract(epoch from b.bucket_start) * 1000)::bigint, b.count, b.sum))
                 from kpi_rollups b
                 where b.installation_id = c.installation_id and b.dimension = c.dimension and b.grain = c.grain and b.kpi_key = c.kpi_key
                   and b.bucket_start >= c.bucket_start - $4::int * make_interval(secs => $6::float8 / 1000) and b.bucket_start < c.bucket_start), '[]'::jsonb) as trailing,
               (select min(f.bucket_start) from kpi_rollups f
                 where f.installation_id = c.installation_id and f.dimension = c.dimension and f.grain = c.grain and f.kpi_key = c.kpi_key) as first_bucket,
               cl.timezone as time_zone
             from kpi_rollups c
             join installations i on i.id = c.installation_id and i.partner_id = c.partner_id
             join clients cl on cl.id = c.client_id and cl.partner_id = c.partner_id
             where c.grain = $5::"KpiGrain"
               and c.bucket_start > $1::timestamptz - make_interval(secs => $3::float8 / 1000)
               and c.bucket_start <= $2::timestamptz - make_interval(secs => $3::float8 / 1000)`,
      // The trailing window reaches back `window` nominal buckets plus the closing slack, so a 25-hour day in it does not push its first one out.
      values: [options.from, options.to, closesAfter, window, grain, closesAfter],
    });
    const flags = rows.flatMap((bucket) => {
      const kpi = (options.templates.get(bucket.template_key, bucket.template_version) ?? options.templates.get(bucket.template_key))?.kpis.find((k) => k.key === bucket.kpi_key);
      if (!kpi) return [];
      const aggregate = kpiAggregate(kpi);
      const baseline = baselineOf(bucket, grain, window, aggregate);
      if (baseline.length < options.anomaly.minBaseline[grain]) return [];
      const observed = bucketValue(aggregate, bucket.count, bucket.sum);
      const verdict = robustScore(observed, baseline);
      if (Math.abs(verdict.score) < options.anomaly.threshold) return [];
      return [{ bucket, observed, verdict, baselineBuckets: baseline.length }];
    });
    if (flags.length === 0) continue;
    const { rows: inserted } = await client.query<{ installation_id: string; kpi_key: string; dimension: string; bucket_start: Date; observed: number; baseline: number; score: number; direction: "up" | "down" }>({
      text: `insert into kpi_anomalies (id, partner_id, client_id, installation_id, kpi_key, dimension, grain, bucket_start, observed, baseline, spread, score, direction, baseline_buckets)
             select gen_random_uuid(), * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::"KpiGrain"[], $7::timestamptz[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::"KpiAnomalyDirection"[], $13::int[])
             on conflict (installation_id, kpi_key, dimension, grain, bucket_start) do nothing
             returning installation_id, kpi_key, dimension, bucket_start, observed, baseline, score, direction`,
      values: [
        flags.map((f) => f.bucket.partner_id),
        flags.map((f) => f.bucket.client_id),
        flags.map((f) => f.bucket.installation_id),
        flags.map((f) => f.bucket.kpi_key),
        flags.map((f) => f.bucket.dimension),
        flags.map(() => grain),
        flags.map((f) => f.bucket.bucket_start),
        flags.map((f) => f.observed),
        flags.map((f) => f.verdict.baseline),
        flags.map((f) => f.verdict.spread),
        flags.map((f) => f.verdict.score),
        flags.map((f) => f.verdict.direction),
        flags.map((f) => f.baselineBuckets),
      ],
    });
    for (const row of inserted) {
      recorded.push({ installationId: row.installation_id, kpiKey: row.kpi_key, dimension: row.dimension, grain, bucketStart: row.bucket_start, observed: row.observed, baseline: row.baseline, score: row.score, direction: row.direction });
    }
  }
  return recorded;
}
