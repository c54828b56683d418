import { v7 as uuidv7 } from "uuid";
import { stepJobId, type TStepJob } from "./step-job";
import { type TQueryable } from "./transaction";

/** What happened to one delivery of a step job. */
export type TStepResult =
  | { kind: "stale" } // the run had already moved past this attempt: a duplicate delivery
  | { kind: "succeeded"; next: string | null }
  /** The run waits on this step (an approval, an event) and wakes for its timeout in `wakeInMs` unless moved on first. */
  | { kind: "parked"; wakeInMs: number }
  | { kind: "retrying"; delayMs: number }
  | { kind: "failed"; reason: string };

/** The run's next state and the job that carries it there, if any. */
export interface TTransition {
  status: "running" | "succeeded" | "failed";
  next: TStepJob | null;
  error: { step: string; reason: string; exception: boolean } | null;
  result: TStepResult;
}

/** The step_runs row of the attempt that ends. */
export interface TAttemptRecord {
  /** "running": the attempt left the step unfinished (parked it, or handed over to a forEach body). */
  status: "running" | "succeeded" | "failed";
  input?: unknown;
  /** Undefined records no output: later steps see nothing of this attempt. */
  output?: unknown;
  error?: unknown;
  /** The database's clock when the attempt started; now when absent (a decision, an event). */
  startedAt?: string;
  /** @defaultValue 1 */
  deliveries?: number;
}

/** Options for {@link settleStep}. */
export interface SettleStepOptions {
  /** The attempt the run must still be on: compare-and-set on its step, iteration and attempt. */
  job: TStepJob;
  transition: TTransition;
  record: TAttemptRecord;
  checkAfterMs: number;
  /**
   * The id of the job already running that goes on with the next step in
   * place (see executeStep), recorded as the run's pending job instead of the
   * next job's own id, which is never published.
   */
  carriedBy?: string;
  /**
   * Commit without waiting for the WAL to reach disk (synchronous_commit off,
   * for this transaction only). For the executor's own settles: if PostgreSQL
   * crashes and loses the last few, the runs are back on the steps before them,
   * exactly as if the worker had died before settling, and the reconciler
   * re-publishes those steps, whose side effects carry the same idempotency
   * keys. WAL order still holds, so no later settle survives an earlier one.
   * Never for a person's decision or an accepted trigger, which must not vanish
   * after being acknowledged.
   */
  lazyCommit?: boolean;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/**
 * Moves the run on from exactly the attempt it is on, records that attempt and
 * the next job's id, in one statement. The next job is published after, by the
 * caller; a crash in between is repaired by the reconciler.
 *
 * The run's due time moves only for a delayed next job, to past that job's.
 * A step due at once leaves it where the run's start (or last delay) put it,
 * so most settles change no indexed column and PostgreSQL updates the row in
 * place (a HOT update, given the table's fill factor) without touching any of
 * its indexes. A run still going when its due time passes costs one look by
 * the reconciler, which finds its job alive and moves the time on.
 * @returns the database's clock at the settle, or null when the run was no
 *   longer on that attempt: nothing changed
 */
export async function settleStep(db: TQueryable, { job, transition: { status, next, error }, record, checkAfterMs, carriedBy, lazyCommit = false }: SettleStepOptions): Promise<string | null> {
  const { rows } = await db.query<{ settled_at: string }>({
    name: "runs.settle-step",
    text: `with advanced as (
             update workflow_runs set status = $7::"RunStatus", current_step = $8, current_iteration = $9, step_attempt = $10, pending_job_id = $11,
               due_at = case when $21::int > 0 then now() + make_interval(secs => ($12::float8 + $21) / 1000) else due_at end,
               error = $13::jsonb, updated_at = now(),
               finished_at = case when $7::"RunStatus" = 'running' then null else now() end
             where id = $1 and partner_id::text = $2 and client_id::text = $3 and status = 'running'
               and current_step = $4 and current_iteration = $5 and step_attempt = $6
             returning id, partner_id, client_id
           ), recorded as (
             insert into step_runs (id, partner_id, client_id, run_id, step_key, iteration, attempt, deliveries, status, input, output, error, started_at, finished_at)
             select $14, a.partner_id, a.client_id, a.id, $4, $5, $6, $15, $16::"StepStatus", $17::jsonb, $18::jsonb, $19::jsonb,
               coalesce($20::timestamptz, now()), now() from advanced a
           )
           select now()::text as settled_at from advanced, (select set_config('synchronous_commit', $22, true)) as commit_mode`,
    values: [
      job.runId,
      job.partnerId,
      job.clientId,
      job.stepKey,
      job.iteration,
      job.attempt,
      status,
      // A failed run stays on the step that failed, for an operator to retry from.
      next?.stepKey ?? (status === "failed" ? job.stepKey : null),
      next?.iteration ?? job.iteration,
      next?.attempt ?? job.attempt,
      next ? (carriedBy ?? stepJobId(next)) : null,
      checkAfterMs,
      json(error ?? undefined),
      uuidv7(),
      record.deliveries ?? 1,
      record.status,
      json(record.input),
      json(record.output),
      json(record.error),
      record.startedAt ?? null,
      next?.delayMs ?? 0,
      lazyCommit ? "off" : "on",
    ],
  });
  return rows[0]?.settled_at ?? null;
}
