import { enclosingForEach, type TWorkflowDefinition, ZWorkflowDefinition } from "@storeflow/engine";
import { type TTemplateCatalog } from "@storeflow/templates";
import type pg from "pg";
import { checkClosedBuckets, type TRecordedAnomaly } from "./anomaly-check";
import { KpiValueError, readKpiValues, type TFinishedRunContext } from "./kpi-values";
import { pruneKpiPoints } from "./retention";
import { DEFAULT_ANOMALY_OPTIONS, type TAnomalyOptions } from "./robust-score";
import { addToRollups, type TNewPoint } from "./rollups";

/** Options for {@link runKpiPass}. */
export interface RunKpiPassOptions {
  /** storeflow_app pool in the system scope (`-c app.system=on`, like the run store's). */
  pool: pg.Pool;
  /** Where each run's template (its KPIs) is looked up, by the run's workflow key and version. */
  templates: TTemplateCatalog;
  /** Finished runs read per pass. @defaultValue 500 */
  batchSize?: number;
  /**
   * Runs that finished less than this long ago wait for the next pass. A run's
   * finished_at is the now() of the one statement that finishes it, so it is
   * visible within that statement's duration; waiting this long behind the clock
   * means no run can become visible behind the watermark. @defaultValue 10_000
   */
  settleLagMs?: number;
  anomaly?: Partial<TAnomalyOptions>;
  /** Raw points past their partner's retention deleted per partner per pass; 0 keeps every point. @defaultValue 5000 */
  pruneBatchSize?: number;
}

export interface TKpiPassResult {
  /** False when another worker held the pass. */
  ran: boolean;
  runs: number;
  points: number;
  rollups: number;
  anomalies: TRecordedAnomaly[];
  /** KPIs whose expression failed or reported a non-number: the template's bug, recorded nowhere else. */
  rejected: { runId: string; kpiKey: string; reason: string }[];
  /** Raw points deleted for being past their partner's retention. */
  prunedPoints: number;
  /** A full batch: more runs, or more points past retention, are waiting. */
  more: boolean;
}

const WATERMARK = "runs";
// Sorts after every uuid: a watermark at a cutoff time excludes every run stamped exactly then, all of which were read.
const AFTER_EVERY_RUN = "ffffffff-ffff-ffff-ffff-ffffffffffff";
const PASS_LOCK = "storeflow.kpi-pass";

interface TFinishedRun {
  id: string;
  partner_id: string;
  client_id: string;
  installation_id: string;
  workflow_key: string;
  workflow_version: string;
  definition_hash: string;
  status: string;
  input: unknown;
  finished_at: Date;
  outputs: [string, unknown][];
}

async function loadDefinitions(client: pg.PoolClient, runs: readonly TFinishedRun[]): Promise<Map<string, TWorkflowDefinition>> {
  const keys = [...new Set(runs.map((r) => `${r.partner_id}/${r.definition_hash}`))];
  const { rows } = await client.query<{ partner_id: string; hash: string; definition: unknown }>({
    text: `select d.partner_id, d.hash, d.definition from workflow_definitions d
           join unnest($1::uuid[], $2::text[]) as k(partner_id, hash) on d.partner_id = k.partner_id and d.hash = k.hash`,
    values: [keys.map((k) => k.split("/")[0]), keys.map((k) => k.split("/")[1])],
  });
  return new Map(rows.map((row) => [`${row.partner_id}/${row.hash}`, ZWorkflowDefinition.parse(row.definition)]));
}

/** The run as its last step saw it: every step's latest output outside forEach bodies (a forEach's own output gathers its items). */
function finishedContext(run: TFinishedRun, definition: TWorkflowDefinition | undefined): TFinishedRunContext {
  const steps: TFinishedRunContext["steps"] = {};
  for (const [key, output] of run.outputs) {
    if (definition && enclosingForEach(definition, key)) continue;
    steps[key] = { output };
  }
  return { input: run.input, steps, run: { id: run.id, clientId: run.client_id, status: run.status, finishedAt: run.finished_at.toISOString() } };
}

/**
 * One pass of the KPI worker: reads runs of installations that finished since
 * the watermark, evaluates their templates' KPI expressions, records the points
 * once each, adds them to their hourly and daily rollups, judges the buckets
 * that closed, and moves the watermark — all in one transaction, so a pass that
 * dies leaves nothing half-counted. Then it deletes a batch of raw points past
 * their partner's retention (see {@link pruneKpiPoints}).
 *
 * Why a pass and not the run's last step: evaluating a template's KPIs needs
 * every step's output, and updating rollups makes hot rows (one per series per
 * hour) that concurrent runs would queue on. Done here, a run's finish costs
 * nothing extra, the rows are written by one worker at a time (an advisory
 * lock; other workers' passes return at once), and a busy hour's rollup is
 * written once per pass instead of once per run.
 */
export async function runKpiPass(options: RunKpiPassOptions): Promise<TKpiPassResult> {
  const { pool, templates, batchSize = 500, settleLagMs = 10_000, pruneBatchSize = 5000 } = options;
  const anomaly = { ...DEFAULT_ANOMALY_OPTIONS, ...options.anomaly };
  const result: TKpiPassResult = { ran: false, runs: 0, points: 0, rollups: 0, anomalies: [], rejected: [], prunedPoints: 0, more: false };
  const client = await pool.connect();
  try {
    await client.query("begin");
    const { rows: [lock] } = await client.query<{ held: boolean }>("select pg_try_advisory_xact_lock(hashtext($1)) as held", [PASS_LOCK]);
    if (!lock?.held) {
      await client.query("rollback");
      return result;
    }
    result.ran = true;
    const { rows: [mark] } = await client.query<{ at: Date; run_id: string; cutoff: Date }>({
      text: `select coalesce(w.at, 'epoch'::timestamptz) as at, coalesce(w.run_id, '00000000-0000-0000-0000-000000000000'::uuid)::text as run_id,
               now() - make_interval(secs => $2::float8 / 1000) as cutoff
             from (select 1) one left join kpi_watermarks w on w.name = $1`,
      values: [WATERMARK, settleLagMs],
    });
    const { at: from, run_id: fromRun, cutoff } = mark!;
    const { rows: runs } = await client.query<TFinishedRun>({
      text: `select r.id, r.partner_id, r.client_id, r.installation_id, r.workflow_key, r.workflow_version, r.definition_hash, r.status, r.input, r.finished_at,
               (select coalesce(jsonb_agg(jsonb_build_array(s.step_key, s.output) order by s.finished_at, s.id), '[]'::jsonb)
                from step_runs s where s.run_id = r.id and s.output is not null and s.iteration = 0) as outputs
             from workflow_runs r
             where r.finished_at is not null and r.installation_id is not null
               and (r.finished_at, r.id) > ($1::timestamptz, $2::uuid) and r.finished_at <= $3::timestamptz
             order by r.finished_at, r.id
             limit $4`,
      values: [from, fromRun, cutoff, batchSize],
    });
    result.runs = runs.length;
    result.more = runs.length === batchSize;

    const definitions = await loadDefinitions(client, runs);
    const points: (Omit<TNewPoint, "timeZone"> & { runId: string; ordinal: number })[] = [];
    for (const run of runs) {
      const kpis = templates.get(run.workflow_key, run.workflow_version)?.kpis ?? templates.get(run.workflow_key)?.kpis ?? [];
      if (kpis.length === 0) continue;
      const context = finishedContext(run, definitions.get(`${run.partner_id}/${run.definition_hash}`));
      for (const kpi of kpis) {
        try {
          for (const value of await readKpiValues(kpi, context)) {
            points.push({ partnerId: run.partner_id, clientId: run.client_id, installationId: run.installation_id, runId: run.id, kpiKey: kpi.key, at: run.finished_at, ...value });
          }
        } catch (error) {
          if (!(error instanceof KpiValueError)) throw error;
          result.rejected.push({ runId: run.id, kpiKey: kpi.key, reason: error.message });
        }
      }
    }

    const inserted = await insertPoints(client, points);
    result.points = inserted.length;
    result.rollups = await addToRollups(client, inserted);

    const last = runs.at(-1);
    const to = result.more && last ? { at: last.finished_at, runId: last.id } : { at: cutoff > from ? cutoff : from, runId: AFTER_EVERY_RUN };
    result.anomalies = await checkClosedBuckets(client, { from, to: to.at, templates, anomaly });
    await client.query({
      text: `insert into kpi_watermarks (name, at, run_id, updated_at) values ($1, $2, $3, now())
             on conflict (name) do update set at = excluded.at, run_id = excluded.run_id, updated_at = now()`,
      values: [WATERMARK, to.at, to.runId],
    });
    if (pruneBatchSize > 0) {
      const pruned = await pruneKpiPoints(client, pruneBatchSize);
      result.prunedPoints = pruned.deleted;
      result.more ||= pruned.more;
    }
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Inserts points once per (run, KPI, position) and returns the ones that are new: only those go into rollups. */
async function insertPoints(client: pg.PoolClient, points: readonly (Omit<TNewPoint, "timeZone"> & { runId: string; ordinal: number })[]): Promise<TNewPoint[]> {
  if (points.length === 0) return [];
  const { rows } = await client.query<{ partner_id: string; client_id: string; installation_id: string; kpi_key: string; dimension: string; value: number; at: Date; time_zone: string | null }>({
    text: `insert into kpi_points (partner_id, client_id, installation_id, run_id, kpi_key, ordinal, dimension, value, at)
           select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::float8[], $9::timestamptz[])
           on conflict (run_id, kpi_key, ordinal) do nothing
           returning partner_id, client_id, installation_id, kpi_key, dimension, value, at,
             (select c.timezone from clients c where c.id = kpi_points.client_id and c.partner_id = kpi_points.partner_id) as time_zone`,
    values: [
      points.map((p) => p.partnerId),
      points.map((p) => p.clientId),
      points.map((p) => p.installationId),
      points.map((p) => p.runId),
      points.map((p) => p.kpiKey),
      points.map((p) => p.ordinal),
      points.map((p) => p.dimension),
      points.map((p) => p.value),
      points.map((p) => p.at),
    ],
  });
  return rows.map((row) => ({ partnerId: row.partner_id, clientId: row.client_id, installationId: row.installation_id, kpiKey: row.kpi_key, dimension: row.dimension, value: row.value, at: row.at, timeZone: row.time_zone ?? "UTC" }));
}
