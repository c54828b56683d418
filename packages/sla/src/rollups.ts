import type pg from "pg";
import { recordBreaches, type TBreachInput } from "./breaches";
import { bucketStart, SLA_GRAINS, type TSlaGrain } from "./buckets";
import { durationBucket, emptyHistogram } from "./histogram";

/** Options for {@link rollUpFinishedRuns}. */
export interface RollUpFinishedRunsOptions {
  /** System-scope pool (the run store's). */
  pool: pg.Pool;
  now: Date;
  /** @defaultValue 5000 */
  batchSize?: number;
  /**
   * Runs that finished less than this long ago wait for the next pass: a run's
   * finished_at is its settle transaction's clock, and a transaction that commits
   * late must not land behind the watermark. @defaultValue 5000
   */
  settleMs?: number;
}

interface TFinishedRun {
  id: string;
  partner_id: string;
  client_id: string;
  installation_id: string;
  status: "succeeded" | "failed" | "cancelled" | "resolved";
  created_at: Date;
  finished_at: Date;
  sla_deadline: Date | null;
}

interface TBucketTotals {
  partnerId: string;
  clientId: string;
  installationId: string;
  grain: TSlaGrain;
  bucketStart: Date;
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  attained: number;
  durationSumMs: number;
  histogram: number[];
}

const WATERMARK = "rollups";
const EPOCH = new Date(0);
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * Adds runs finished since the watermark to their installation's minute, hour
 * and day rollups (and to their client's hour and day ones), records a
 * run_duration breach for each that finished after its deadline, advances each
 * installation's last success (the cadence anchor) and moves the watermark, all in one transaction: a run is counted exactly
 * once whichever worker's pass reads it (the watermark row lock orders them).
 * A run counted as failed that an operator moved on finishes again, later: its
 * failure is taken back out of the buckets it was counted in, so the rollups
 * hold each run once, as it ended.
 *
 * This is a pass over recently finished runs rather than an upsert in the
 * settle path so that finishing a run costs the executor nothing: its settle
 * statement stays one statement, and many runs share each rollup upsert.
 */
export async function rollUpFinishedRuns({ pool, now, batchSize = 5000, settleMs = 5000 }: RollUpFinishedRunsOptions): Promise<{ runs: number; full: boolean; watermark: Date; lateBreaches: number }> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("insert into sla_watermarks (name, at, run_id) values ($1, $2, $3) on conflict (name) do nothing", [WATERMARK, EPOCH, ZERO_UUID]);
    const mark = await client.query<{ at: Date; run_id: string }>("select at, run_id::text from sla_watermarks where name = $1 for update", [WATERMARK]);
    const { at, run_id: afterId } = mark.rows[0]!;
    const until = new Date(now.getTime() - settleMs);
    // Walks the (finished_at, id) partial index workflow_runs_kpi_scan_idx.
    const { rows } = await client.query<TFinishedRun>(
      `select id::text, partner_id::text, client_id::text, installation_id::text, status, created_at, finished_at, sla_deadline
       from workflow_runs
       where finished_at is not null and installation_id is not null and (finished_at, id) > ($1::timestamptz, $2::uuid) and finished_at <= $3
       order by finished_at, id limit $4`,
      [at, afterId, until, batchSize],
    );
    let lateBreaches = 0;
    if (rows.length > 0) {
      const refinished = await takeBackCountedFailures(client, rows);
      if (refinished.length > 0) await subtractRollups(client, totalsOf(refinished));
      await upsertRollups(client, totalsOf(rows));
      await recordCountedFailures(client, rows.filter((run) => run.status === "failed"));
      lateBreaches = (await recordBreaches(client, rows.filter(finishedLate).map(lateBreach))).length;
      await advanceLastSuccess(client, rows);
      const last = rows.at(-1)!;
      await client.query("update sla_watermarks set at = $2, run_id = $3, updated_at = now() where name = $1", [WATERMARK, last.finished_at, last.id]);
    }
    await client.query("commit");
    return { runs: rows.length, full: rows.length === batchSize, watermark: rows.at(-1)?.finished_at ?? at, lateBreaches };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const finishedLate = (run: Pick<TFinishedRun, "finished_at" | "sla_deadline">) => run.sla_deadline !== null && run.finished_at > run.sla_deadline;

function lateBreach(run: TFinishedRun): TBreachInput {
  return {
    partnerId: run.partner_id,
    clientId: run.client_id,
    installationId: run.installation_id,
    kind: "run_duration",
    runId: run.id,
    dedupeKey: run.id,
    deadline: run.sla_deadline!,
    detectedAt: run.finished_at,
    details: { status: run.status, durationMs: durationOf(run), targetMs: run.sla_deadline!.getTime() - run.created_at.getTime() },
  };
}

/** A run's part in the rollups: where and how it finished, and how long it took. */
type TCountedRun = Pick<TFinishedRun, "partner_id" | "client_id" | "installation_id" | "status" | "finished_at" | "sla_deadline"> & { duration_ms: number };

const durationOf = (run: TFinishedRun) => Math.max(0, run.finished_at.getTime() - run.created_at.getTime());

/**
 * Deletes and returns the counted failures of runs in this batch: each is a run
 * the rollups counted as failed that has now finished again.
 */
async function takeBackCountedFailures(client: pg.PoolClient, runs: readonly TFinishedRun[]): Promise<TCountedRun[]> {
  const { rows } = await client.query<Omit<TCountedRun, "status" | "sla_deadline">>(
    `delete from sla_counted_failures where run_id = any($1::uuid[])
     returning partner_id::text, client_id::text, installation_id::text, finished_at, duration_ms`,
    [runs.map((run) => run.id)],
  );
  return rows.map((row) => ({ ...row, status: "failed", sla_deadline: null }));
}

/** Remembers what each failed run added, for when an operator moves it on. */
async function recordCountedFailures(client: pg.PoolClient, runs: readonly TFinishedRun[]) {
  if (runs.length === 0) return;
  await client.query(
    `insert into sla_counted_failures (run_id, partner_id, client_id, installation_id, finished_at, duration_ms)
     select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::float8[])`,
    [runs.map((r) => r.id), runs.map((r) => r.partner_id), runs.map((r) => r.client_id), runs.map((r) => r.installation_id),
      runs.map((r) => r.finished_at.toISOString()), runs.map(durationOf)],
  );
}

function totalsOf(runs: readonly (TFinishedRun | TCountedRun)[]): TBucketTotals[] {
  const buckets = new Map<string, TBucketTotals>();
  for (const run of runs) {
    const durationMs = "duration_ms" in run ? run.duration_ms : durationOf(run);
    const succeeded = run.status === "succeeded";
    for (const grain of SLA_GRAINS) {
      const start = bucketStart(grain, run.finished_at);
      const key = `${run.installation_id}|${grain}|${start.getTime()}`;
      let totals = buckets.get(key);
      if (!totals) {
        totals = { partnerId: run.partner_id, clientId: run.client_id, installationId: run.installation_id, grain, bucketStart: start,
          runs: 0, succeeded: 0, failed: 0, cancelled: 0, attained: 0, durationSumMs: 0, histogram: emptyHistogram() };
        buckets.set(key, totals);
      }
      totals.runs++;
      if (succeeded) totals.succeeded++;
      else if (run.status === "cancelled") totals.cancelled++;
      else totals.failed++;
      if (succeeded && !finishedLate(run)) totals.attained++;
      totals.durationSumMs += durationMs;
      totals.histogram[durationBucket(durationMs)]!++;
    }
  }
  return [...buckets.values()];
}

/** Adds the totals into sla_rollups and sla_client_rollups; histograms add element by element. */
async function upsertRollups(client: pg.PoolClient, totals: readonly TBucketTotals[]) {
  const column = <T>(pick: (t: TBucketTotals) => T) => totals.map(pick);
  await client.query(
    `insert into sla_client_rollups (partner_id, client_id, grain, bucket_start, runs, succeeded, failed, cancelled, attained)
     select p, c, g, b, sum(r), sum(s), sum(f), sum(x), sum(a)
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[]) as u(p, c, g, b, r, s, f, x, a)
     where g in ('hour', 'day') group by p, c, g, b
     on conflict (partner_id, grain, bucket_start, client_id) do update set
       runs = sla_client_rollups.runs + excluded.runs, succeeded = sla_client_rollups.succeeded + excluded.succeeded,
       failed = sla_client_rollups.failed + excluded.failed, cancelled = sla_client_rollups.cancelled + excluded.cancelled,
       attained = sla_client_rollups.attained + excluded.attained, updated_at = now()`,
    [column((t) => t.partnerId), column((t) => t.clientId), column((t) => t.grain), column((t) => t.bucketStart.toISOString()),
      column((t) => t.runs), column((t) => t.succeeded), column((t) => t.failed), column((t) => t.cancelled), column((t) => t.attained)],
  );
  await client.query(
    `insert into sla_rollups (partner_id, client_id, installation_id, grain, bucket_start, runs, succeeded, failed, cancelled, attained, duration_sum_ms, duration_histogram)
     select p, c, i, g::"SlaGrain", b, r, s, f, x, a, d, h::int[]
     from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::float8[], $12::text[])
       as u(p, c, i, g, b, r, s, f, x, a, d, h)
     on conflict (installation_id, grain, bucket_start) do update set
       runs = sla_rollups.runs + excluded.runs, succeeded = sla_rollups.succeeded + excluded.succeeded,
       failed = sla_rollups.failed + excluded.failed, cancelled = sla_rollups.cancelled + excluded.cancelled,
       attained = sla_rollups.attained + excluded.attained, duration_sum_ms = sla_rollups.duration_sum_ms + excluded.duration_sum_ms,
       duration_histogram = (select array_agg(coalesce(old, 0) + coalesce(new, 0) order by n)
                             from unnest(sla_rollups.duration_histogram, excluded.duration_histogram) with ordinality as m(old, new, n)),
       updated_at = now()`,
    [
      column((t) => t.partnerId),
      column((t) => t.clientId),
      column((t) => t.installationId),
      column((t) => t.grain),
      column((t) => t.bucketStart.toISOString()),
      column((t) => t.runs),
      column((t) => t.succeeded),
      column((t) => t.failed),
      column((t) => t.cancelled),
      column((t) => t.attained),
      column((t) => t.durationSumMs),
      column((t) => `{${t.histogram.join(",")}}`),
    ],
  );
}

/**
 * Takes counted failures back out of the buckets they were counted in. Only
 * rows still there change: retention may have dropped an old minute bucket.
 */
async function subtractRollups(client: pg.PoolClient, totals: readonly TBucketTotals[]) {
  const column = <T>(pick: (t: TBucketTotals) => T) => totals.map(pick);
  const params = [column((t) => t.partnerId), column((t) => t.clientId), column((t) => t.installationId), column((t) => t.grain), column((t) => t.bucketStart.toISOString()),
    column((t) => t.runs), column((t) => t.failed), column((t) => t.durationSumMs), column((t) => `{${t.histogram.join(",")}}`)];
  const input = `unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::"SlaGrain"[], $5::timestamptz[], $6::int[], $7::int[], $8::float8[], $9::text[]) as u(p, c, i, g, b, r, f, d, h)`;
  await client.query(
    `update sla_rollups t set runs = t.runs - u.r, failed = t.failed - u.f, duration_sum_ms = t.duration_sum_ms - u.d,
       duration_histogram = (select array_agg(coalesce(old, 0) - coalesce(new, 0) order by n)
                             from unnest(t.duration_histogram, u.h::int[]) with ordinality as m(old, new, n)),
       updated_at = now()
     from ${input} where t.installation_id = u.i and t.grain = u.g and t.bucket_start = u.b`,
    params,
  );
  await client.query(
    `update sla_client_rollups t set runs = t.runs - s.r, failed = t.failed - s.f, updated_at = now()
     from (select p, c, g, b, sum(r) as r, sum(f) as f from ${input} where g in ('hour', 'day') group by p, c, g, b) s
     where t.partner_id = s.p and t.grain = s.g::text and t.bucket_start = s.b and t.client_id = s.c`,
    params,
  );
}

async function advanceLastSuccess(client: pg.PoolClient, runs: readonly TFinishedRun[]) {
  const latest = new Map<string, Date>();
  for (const run of runs) {
    if (run.status !== "succeeded") continue;
    const seen = latest.get(run.installation_id);
    if (!seen || run.finished_at > seen) latest.set(run.installation_id, run.finished_at);
  }
  if (latest.size === 0) return;
  await client.query(
    `update sla_targets t set last_succeeded_at = greatest(t.last_succeeded_at, u.at)
     from unnest($1::uuid[], $2::timestamptz[]) as u(installation_id, at) where t.installation_id = u.installation_id`,
    [[...latest.keys()], [...latest.values()].map((d) => d.toISOString())],
  );
}
