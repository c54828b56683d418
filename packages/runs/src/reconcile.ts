import { type TRunStore } from "./run-store";
import { stepJobId, type TStepJob, type TStepPublisher } from "./step-job";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";

/** Options for {@link reconcileRuns}. */
export interface ReconcileRunsOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  /**
   * Asks the queue whether a job is still waiting, delayed or being worked on.
   * Runs are given back only when their job is gone (Redis lost it, or it was
   * never published) or dead (failed, e.g. as stalled too often).
   */
  isJobAlive: (jobId: string) => Promise<boolean>;
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
  /** Runs examined per pass. @defaultValue 500 */
  limit?: number;
}

interface TDueRun {
  id: string;
  partner_id: string;
  client_id: string;
  current_step: string;
  current_iteration: number;
  step_attempt: number;
  generation: number;
  pending_job_id: string | null;
  traceparent: string | null;
}

/**
 * Finds running runs past their due time whose work vanished from the queue and
 * re-publishes the step they wait on under a new generation. It only moves a run
 * on from what it read (compare-and-set on the pending job id), so reconcilers on
 * every worker may run at once; a step that runs twice as a result is stopped by
 * the executor's own compare-and-set, and its side effects by idempotency keys.
 *
 * A run parked on an approval or an event wait is no exception: its pending job
 * is the step's delayed timeout job, and its due time lies past that job's, so
 * it is looked at only once the timeout should have fired. Re-published, the
 * step finds the approval or wait it opened (they are unique per run, step,
 * iteration and retry round), applies the clock, and parks again for what
 * remains or moves on.
 * @returns how many runs were re-published
 */
export async function reconcileRuns({ store, publisher, isJobAlive, checkAfterMs = DEFAULT_CHECK_AFTER_MS, limit = 500 }: ReconcileRunsOptions): Promise<number> {
  const { rows: due } = await store.pool.query<TDueRun>({
    name: "runs.due",
    text: `select id, partner_id, client_id, current_step, current_iteration, step_attempt, generation, pending_job_id, traceparent from workflow_runs
           where status = 'running' and current_step is not null and due_at < now()
           order by due_at limit $1`,
    values: [limit],
  });
  const lost: TStepJob[] = [];
  for (const run of due) {
    if (run.pending_job_id !== null && (await isJobAlive(run.pending_job_id))) {
      // Queued behind a backlog or running long: look again later.
      await store.pool.query({
        name: "runs.postpone-check",
        text: "update workflow_runs set due_at = now() + make_interval(secs => $3::float8 / 1000) where id = $1 and pending_job_id = $2",
        values: [run.id, run.pending_job_id, checkAfterMs],
      });
      continue;
    }
    const job: TStepJob = {
      partnerId: run.partner_id,
      clientId: run.client_id,
      runId: run.id,
      stepKey: run.current_step,
      iteration: run.current_iteration,
      attempt: run.step_attempt,
      generation: run.generation + 1,
      // Re-published work stays in the run's trace, under the run's start.
      ...(run.traceparent ? { traceparent: run.traceparent } : {}),
    };
    const { rowCount } = await store.pool.query({
      name: "runs.republish",
      text: `update workflow_runs set generation = $4, pending_job_id = $5, due_at = now() + make_interval(secs => $6::float8 / 1000), updated_at = now()
             where id = $1 and partner_id::text = $2 and client_id::text = $3 and status::text = 'running' and pending_job_id is not distinct from $7 and generation = $8`,
      values: [run.id, run.partner_id, run.client_id, job.generation, stepJobId(job), checkAfterMs, run.pending_job_id, run.generation],
    });
    if (rowCount === 1) lost.push(job);
  }
  if (lost.length > 0) await publisher.publish(lost);
  return lost.length;
}
