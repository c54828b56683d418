import { enclosingForEach, NonRetryableError, type TRunContext, type TWorkflowDefinition } from "@storeflow/engine";
import { type TRunStore } from "./run-store";
import { stepJobId, type TStepJob } from "./step-job";
import { findLoopProgress } from "./steps/for-each";
import { type TQueryable } from "./transaction";

/** A run that still waits on the job, as the step may see it. */
export interface TClaim {
  /** The attempt the run is on: the job's own, or one a chain reached under it (see executeStep). */
  job: TStepJob;
  definitionHash: string;
  /** The database's clock when the step started, so durations never mix clocks. */
  startedAt: string;
  input: unknown;
  /** Recorded outputs at iteration 0 and at the attempt's own, oldest first, as [step key, iteration, output]. */
  outputs: [string, number, unknown][];
  /**
   * When the run was created, on this process's clock (`Date.now()` terms): the
   * database measures the run's age and this process anchors it, so a run's
   * duration never mixes two machines' clocks.
   */
  runCreatedAtMs: number;
}

/** Which run a claim reads, and the job it must still be waiting on. */
export interface TClaimKey {
  run_id: string;
  partner_id: string;
  client_id: string;
  pending_job_id: string;
}

/** A claimed run as {@link claimSteps} reads it. */
export interface TClaimedRow {
  current_step: string;
  current_iteration: number;
  step_attempt: number;
  definition_hash: string;
  input: unknown;
  started_at: string;
  outputs: TClaim["outputs"];
  traceparent: string | null;
  /** The run's age at the claim, by the database's clock. */
  run_age_ms: number;
}

/**
 * The claim's read for several jobs in one statement: each run only if it is
 * still running and its pending job is that job's.
 * @returns for each key, in order, the run as the step may see it, or null
 */
export async function claimSteps(db: TQueryable, keys: readonly TClaimKey[]): Promise<(TClaimedRow | null)[]> {
  const { rows } = await db.query<TClaimedRow & { run_id: string; pending_job_id: string }>({
    name: "runs.claim-steps",
    // Only iteration 0 (steps outside any forEach body) and the attempt's own
    // item can be visible; runContext sorts out the rest with the definition.
    // The id list lets the planner reach each run by its primary key, whatever it guesses of the input's size.
    text: `select r.id::text as run_id, r.pending_job_id, r.current_step, r.current_iteration, r.step_attempt, r.definition_hash, r.input,
             now()::text as started_at, r.traceparent, (extract(epoch from (now() - r.created_at)) * 1000)::float8 as run_age_ms,
             (select coalesce(jsonb_agg(jsonb_build_array(s.step_key, s.iteration, s.output) order by s.finished_at, s.id), '[]'::jsonb)
              from step_runs s where s.run_id = r.id and s.output is not null and s.iteration in (0, r.current_iteration)) as outputs
           from jsonb_to_recordset($1::jsonb) as i(run_id uuid, partner_id text, client_id text, pending_job_id text)
             join workflow_runs r on r.id = i.run_id
           where r.id = any($2::uuid[]) and r.partner_id::text = i.partner_id and r.client_id::text = i.client_id and r.status::text = 'running'
             and r.pending_job_id = i.pending_job_id`,
    values: [JSON.stringify(keys), keys.map((key) => key.run_id)],
  });
  const claimed = new Map(rows.map(({ run_id, pending_job_id, ...row }) => [`${run_id}/${pending_job_id}`, row]));
  return keys.map((key) => claimed.get(`${key.run_id}/${key.pending_job_id}`) ?? null);
}

/**
 * Reads what the step may see (the run's input and earlier steps' outputs),
 * only if the run still waits on this job: its pending job id is the job's.
 * That is the job's own attempt, or, when the job carried a chain of steps
 * before its worker died, the attempt the chain had reached (see executeStep);
 * either way, the attempt to run comes from the run row, not the job.
 *
 * A read, not a write: the attempt is recorded once, when it settles, so a step
 * costs one write. A duplicate delivery that slips past this check still loses
 * the settle's compare-and-set, and its side effect is deduplicated by its key.
 * Claims made together share one statement (see TRunStore.claimStep).
 */
export async function claim(store: TRunStore, job: TStepJob): Promise<TClaim | null> {
  const row = await store.claimStep({ run_id: job.runId, partner_id: job.partnerId, client_id: job.clientId, pending_job_id: stepJobId(job) });
  if (!row) return null;
  // The job's trace link (its publisher's span) first; the run's own when the job came without one.
  const traceparent = job.traceparent ?? row.traceparent ?? undefined;
  return {
    job: {
      partnerId: job.partnerId,
      clientId: job.clientId,
      runId: job.runId,
      generation: job.generation,
      stepKey: row.current_step,
      iteration: row.current_iteration,
      attempt: row.step_attempt,
      ...(traceparent ? { traceparent } : {}),
    },
    definitionHash: row.definition_hash,
    startedAt: row.started_at,
    input: row.input,
    outputs: row.outputs,
    runCreatedAtMs: Date.now() - row.run_age_ms,
  };
}

/** The claim's view without forEach items: what a step that failed before its context was built is judged with. */
export function baseContext({ job, input }: TClaim): TRunContext {
  return { input, steps: {}, run: { id: job.runId, clientId: job.clientId } };
}

/**
 * What the step's expressions read. A step of a forEach body sees its own
 * item's earlier steps, never another item's, and `item` and `index`; a step
 * outside sees no body step at all, only the forEach's gathered output. The
 * latest output of a step wins (a step an operator retried ran twice).
 */
export async function runContext(store: TRunStore, definition: TWorkflowDefinition, claimed: TClaim): Promise<TRunContext> {
  const { job } = claimed;
  const loop = enclosingForEach(definition, job.stepKey);
  const steps: TRunContext["steps"] = {};
  for (const [key, iteration, output] of claimed.outputs) {
    const owner = enclosingForEach(definition, key);
    if (owner && (owner !== loop || iteration !== job.iteration)) continue;
    steps[key] = { output };
  }
  const context = { ...baseContext(claimed), steps };
  if (!loop) return context;
  const progress = await findLoopProgress(store.pool, job, loop.key, job.iteration);
  if (!progress) throw new NonRetryableError(`forEach "${loop.key}" has no recorded items for step "${job.stepKey}"`);
  return { ...context, item: progress.item, index: job.iteration };
}
