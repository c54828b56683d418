import { enclosingForEach, NonRetryableError, type TRunContext, type TWorkflowDefinition } from "@storeflow/engine";
import { type TRunStore } from "./run-store";
import { type TStepJob } from "./step-job";
import { findLoopProgress } from "./steps/for-each";

/** A run that still waits on the job's attempt, as the step may see it. */
export interface TClaim {
  definitionHash: string;
  /** The database's clock when the step started, so durations never mix clocks. */
  startedAt: string;
  input: unknown;
  /** Recorded outputs at iteration 0 and at the job's own, oldest first, as [step key, iteration, output]. */
  outputs: [string, number, unknown][];
}

/**
 * Reads what the step may see (the run's input and earlier steps' outputs),
 * only if the run still waits on exactly this attempt. A read, not a write: the
 * attempt is recorded once, when it settles, so a step costs one write. A stale
 * duplicate that slips past this check (the run moved on in between) still loses
 * the settle's compare-and-set, and its side effect is deduplicated by its key.
 */
export async function claim(store: TRunStore, job: TStepJob): Promise<TClaim | null> {
  const { rows } = await store.pool.query<{ definition_hash: string; input: unknown; started_at: string; outputs: TClaim["outputs"] }>({
    name: "runs.claim-step",
    // Only iteration 0 (steps outside any forEach body) and this job's own item
    // can be visible; runContext sorts out the rest with the definition.
    text: `select r.definition_hash, r.input, now()::text as started_at,
             (select coalesce(jsonb_agg(jsonb_build_array(s.step_key, s.iteration, s.output) order by s.finished_at, s.id), '[]'::jsonb)
              from step_runs s where s.run_id = r.id and s.output is not null and s.iteration in (0, $5)) as outputs
           from workflow_runs r
           where r.id = $1 and r.partner_id::text = $2 and r.client_id::text = $3 and r.status = 'running'
             and r.current_step = $4 and r.current_iteration = $5 and r.step_attempt = $6`,
    values: [job.runId, job.partnerId, job.clientId, job.stepKey, job.iteration, job.attempt],
  });
  const [row] = rows;
  if (!row) return null;
  return { definitionHash: row.definition_hash, startedAt: row.started_at, input: row.input, outputs: row.outputs };
}

/** The claim's view without forEach items: what a step that failed before its context was built is judged with. */
export function baseContext(job: TStepJob, claimed: TClaim): TRunContext {
  return { input: claimed.input, steps: {}, run: { id: job.runId, clientId: job.clientId } };
}

/**
 * What the step's expressions read. A step of a forEach body sees its own
 * item's earlier steps, never another item's, and `item` and `index`; a step
 * outside sees no body step at all, only the forEach's gathered output. The
 * latest output of a step wins (a step an operator retried ran twice).
 */
export async function runContext(store: TRunStore, definition: TWorkflowDefinition, job: TStepJob, claimed: TClaim): Promise<TRunContext> {
  const loop = enclosingForEach(definition, job.stepKey);
  const steps: TRunContext["steps"] = {};
  for (const [key, iteration, output] of claimed.outputs) {
    const owner = enclosingForEach(definition, key);
    if (owner && (owner !== loop || iteration !== job.iteration)) continue;
    steps[key] = { output };
  }
  const context = { ...baseContext(job, claimed), steps };
  if (!loop) return context;
  const progress = await findLoopProgress(store.pool, job, loop.key, job.iteration);
  if (!progress) throw new NonRetryableError(`forEach "${loop.key}" has no recorded items for step "${job.stepKey}"`);
  return { ...context, item: progress.item, index: job.iteration };
}
