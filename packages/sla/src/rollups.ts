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
 * and day rollups, records a run_duration breach for each that finished after
 * its deadline, advances each installation's last success (the cadence anchor)
 * and moves the watermark, all in one transaction: a run is counted exactly
 * once whichever worker's pass reads it (the watermark row lock orders them).
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
      await upsertRollups(client, totalsOf(rows));
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

const finishedLate = (run: TFinishedRun) => run.sla_deadline !== null && run.finished_at > run.sla_deadline;

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
    details: { status: run.status, durationMs: run.finished_at.getTime() - run.created_at.getTime(), targetMs: run.sla_deadline!.getTime() - run.created_at.getTime() },
  };
}

function totalsOf(runs: readonly TFinishedRun[]): TBucketTotals[] {
  const buckets = new Map<string, TBucketTotals>();
  for (const run of runs) {
    const durationMs = Math.max(0, run.finished_at.getTime() - run.created_at.getTime());
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

/** Adds the totals into sla_rollups; histograms add element by element. */
async function upsertRollups(client: pg.PoolClient, totals: readonly TBucketTotals[]) {
  const column = <T>(pick: (t: TBucketTotals) => T) => totals.map(pick);
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
