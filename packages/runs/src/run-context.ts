import { enclosingForEach, NonRetryableError, type TRunContext, type TWorkflowDefinition } from "@storeflow/engine";
import { type TRunStore } from "./run-store";
import { stepJobId, type TStepJob } from "./step-job";
import { findLoopProgress } from "./steps/for-each";
import { traceQuery } from "./trace-query";

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
 */
export async function claim(store: TRunStore, job: TStepJob): Promise<TClaim | null> {
  const { rows } = await traceQuery("runs.claim-step", () => store.pool.query<{
    current_step: string;
    current_iteration: number;
    step_attempt: number;
    definition_hash: string;
    input: unknown;
    started_at: string;
    outputs: TClaim["outputs"];
    traceparent: string | null;
  }>({
    name: "runs.claim-step",
    // Only iteration 0 (steps outside any forEach body) and the attempt's own
    // item can be visible; runContext sorts out the rest with the definition.
    text: `select r.current_step, r.current_iteration, r.step_attempt, r.definition_hash, r.input, now()::text as started_at, r.traceparent,
             (select coalesce(jsonb_agg(jsonb_build_array(s.step_key, s.iteration, s.output) order by s.finished_at, s.id), '[]'::jsonb)
              from step_runs s where s.run_id = r.id and s.output is not null and s.iteration in (0, r.current_iteration)) as outputs
           from workflow_runs r
           where r.id = $1 and r.partner_id::text = $2 and r.client_id::text = $3 and r.status = 'running' and r.pending_job_id = $4`,
    values: [job.runId, job.partnerId, job.clientId, stepJobId(job)],
  }));
  const [row] = rows;
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
