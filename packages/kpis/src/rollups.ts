import type pg from "pg";
import { bucketStart, GRAINS, type TGrain } from "./buckets";
import { addToSketch, emptySketch, mergeSketches, sketchQuantile, type TSketch } from "./sketch";

/** A point as inserted: what its rollups need. */
export interface TNewPoint {
  partnerId: string;
  clientId: string;
  installationId: string;
  kpiKey: string;
  dimension: string;
  value: number;
  at: Date;
  /** The client's time zone: its day buckets are its local days. */
  timeZone: string;
}

interface TRollupDelta {
  partnerId: string;
  clientId: string;
  installationId: string;
  kpiKey: string;
  dimension: string;
  grain: TGrain;
  bucketStart: Date;
  values: number[];
}

const keyOf = (d: Pick<TRollupDelta, "installationId" | "dimension" | "grain" | "kpiKey">, start: Date) => `${d.installationId}|${d.dimension}|${d.grain}|${start.toISOString()}|${d.kpiKey}`;

/** Groups points by series bucket (days local to the client); a point about a store also counts in the installation's total ("" dimension). */
function deltasOf(points: readonly TNewPoint[]): Map<string, TRollupDelta> {
  const deltas = new Map<string, TRollupDelta>();
  for (const point of points) {
    const dimensions = point.dimension === "" ? [""] : [point.dimension, ""];
    for (const dimension of dimensions) {
      for (const grain of GRAINS) {
        const start = bucketStart(point.at, grain, point.timeZone);
        const key = keyOf({ ...point, dimension, grain }, start);
        const delta = deltas.get(key) ?? { ...point, dimension, grain, bucketStart: start, values: [] };
        delta.values.push(point.value);
        deltas.set(key, delta);
      }
    }
  }
  return deltas;
}

/**
 * Adds new points to their hourly and daily rollups. Read, merged here, and
 * written back whole: the caller holds the KPI pass's lock, so no other writer
 * changes these rows in between. Returns how many rollup rows it wrote.
 */
export async function addToRollups(client: pg.PoolClient, points: readonly TNewPoint[]): Promise<number> {
  const deltas = [...deltasOf(points).values()];
  if (deltas.length === 0) return 0;
  const { rows: existing } = await client.query<{ installation_id: string; dimension: string; grain: TGrain; bucket_start: Date; kpi_key: string; count: number; sum: number; min: number; max: number; sketch: TSketch }>({
    text: `select r.installation_id, r.dimension, r.grain, r.bucket_start, r.kpi_key, r.count, r.sum, r.min, r.max, r.sketch
           from kpi_rollups r
           join unnest($1::uuid[], $2::text[], $3::"KpiGrain"[], $4::timestamptz[], $5::text[]) as k(installation_id, dimension, grain, bucket_start, kpi_key)
             on r.installation_id = k.installation_id and r.dimension = k.dimension and r.grain = k.grain and r.bucket_start = k.bucket_start and r.kpi_key = k.kpi_key`,
    values: [deltas.map((d) => d.installationId), deltas.map((d) => d.dimension), deltas.map((d) => d.grain), deltas.map((d) => d.bucketStart), deltas.map((d) => d.kpiKey)],
  });
  const before = new Map(existing.map((row) => [keyOf({ installationId: row.installation_id, dimension: row.dimension, grain: row.grain, kpiKey: row.kpi_key }, row.bucket_start), row]));
  const merged = deltas.map((delta) => {
    const old = before.get(keyOf(delta, delta.bucketStart));
    const sketch = mergeSketches(old?.sketch ?? emptySketch(), addToSketch(emptySketch(), delta.values));
    const min = Math.min(old?.min ?? Infinity, ...delta.values);
    const max = Math.max(old?.max ?? -Infinity, ...delta.values);
    return {
      ...delta,
      count: (old?.count ?? 0) + delta.values.length,
      sum: (old?.sum ?? 0) + delta.values.reduce((a, b) => a + b, 0),
      min,
      max,
      p50: sketchQuantile(sketch, 0.5, { min, max }),
      p95: sketchQuantile(sketch, 0.95, { min, max }),
      sketch,
    };
  });
  await client.query({
    text: `insert into kpi_rollups (partner_id, client_id, installation_id, kpi_key, dimension, grain, bucket_start, count, sum, min, max, p50, p95, sketch, updated_at)
           select *, now() from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::"KpiGrain"[], $7::timestamptz[], $8::int[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::jsonb[])
           on conflict (installation_id, dimension, grain, bucket_start, kpi_key) do update set
             count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max, p50 = excluded.p50, p95 = excluded.p95, sketch = excluded.sketch, updated_at = now()`,
    values: [
      merged.map((m) => m.partnerId),
      merged.map((m) => m.clientId),
      merged.map((m) => m.installationId),
      merged.map((m) => m.kpiKey),
      merged.map((m) => m.dimension),
      merged.map((m) => m.grain),
      merged.map((m) => m.bucketStart),
      merged.map((m) => m.count),
      merged.map((m) => m.sum),
      merged.map((m) => m.min),
      merged.map((m) => m.max),
      merged.map((m) => m.p50),
      merged.map((m) => m.p95),
      merged.map((m) => JSON.stringify(m.sketch)),
    ],
  });
  return merged.length;
}
