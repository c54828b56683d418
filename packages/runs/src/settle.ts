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

/** One step attempt to settle: see {@link settleSteps}. */
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
}

/** How {@link settleSteps} commits. */
export interface SettleCommit {
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
  lazy: boolean;
}

/** A settle as one row of the statement's input; outputs are wrapped so a null output stays a recorded null. */
function settleRow({ job, transition: { status, next, error }, record, checkAfterMs, carriedBy }: SettleStepOptions) {
  return {
    run_id: job.runId,
    partner_id: job.partnerId,
    client_id: job.clientId,
    step_key: job.stepKey,
    iteration: job.iteration,
    attempt: job.attempt,
    status,
    // A failed run stays on the step that failed, for an operator to retry from.
    next_step: next?.stepKey ?? (status === "failed" ? job.stepKey : null),
    next_iteration: next?.iteration ?? job.iteration,
    next_attempt: next?.attempt ?? job.attempt,
    pending_job_id: next ? (carriedBy ?? stepJobId(next)) : null,
    error,
    step_run_id: uuidv7(),
    deliveries: record.deliveries ?? 1,
    step_status: record.status,
    input: record.input ?? null,
    output: record.output === undefined ? null : { value: record.output },
    step_error: record.error ?? null,
    started_at: record.startedAt ?? null,
    check_after_ms: checkAfterMs,
    delay_ms: next?.delayMs ?? 0,
  };
}

/**
 * Moves each run on from exactly the attempt it is on, records that attempt
 * and the next job's id, in one statement for all of them. Each run's next job
 * is published after, by the caller; a crash in between is repaired by the
 * reconciler. Two settles of one attempt (a duplicate delivery) may share a
 * statement: one moves the run, the other finds it moved.
 *
 * The run's due time moves only for a delayed next job, to past that job's.
 * A step due at once leaves it where the run's start (or last delay) put it,
 * so most settles change no indexed column and PostgreSQL updates the row in
 * place (a HOT update, given the table's fill factor) without touching any of
 * its indexes. A run still going when its due time passes costs one look by
 * the reconciler, which finds its job alive and moves the time on.
 * @returns for each settle, in order, the database's clock at the settle, or
 *   null when its run was no longer on that attempt: nothing changed for it
 */
export async function settleSteps(db: TQueryable, settles: readonly SettleStepOptions[], { lazy }: SettleCommit): Promise<(string | null)[]> {
  const rows = settles.map(settleRow);
  const { rows: settled } = await db.query<{ step_run_id: string; settled_at: string }>({
    name: "runs.settle-steps",
    text: `with i as (
             select * from jsonb_to_recordset($1::jsonb) as i(run_id uuid, partner_id text, client_id text, step_key text, iteration int, attempt int,
               status "RunStatus", next_step text, next_iteration int, next_attempt int, pending_job_id text, error jsonb,
               step_run_id uuid, deliveries int, step_status "StepStatus", input jsonb, output jsonb, step_error jsonb, started_at timestamptz,
               check_after_ms int, delay_ms int)
           ), advanced as (
             update workflow_runs r set status = i.status, current_step = i.next_step, current_iteration = i.next_iteration, step_attempt = i.next_attempt,
               pending_job_id = i.pending_job_id,
               due_at = case when i.delay_ms > 0 then now() + make_interval(secs => (i.check_after_ms + i.delay_ms)::float8 / 1000) else r.due_at end,
               error = i.error, updated_at = now(),
               finished_at = case when i.status = 'running' then null else now() end
             from i
             -- The id list lets the planner reach each run by its primary key, whatever it guesses of the input's size.
             where r.id = any($3::uuid[]) and r.id = i.run_id and r.partner_id::text = i.partner_id and r.client_id::text = i.client_id and r.status::text = 'running'
               and r.current_step = i.step_key and r.current_iteration = i.iteration and r.step_attempt = i.attempt
             returning r.id, r.partner_id, r.client_id, i.step_key, i.iteration, i.attempt, i.step_run_id, i.deliveries, i.step_status, i.input, i.output,
               i.step_error, i.started_at
           ), recorded as (
             insert into step_runs (id, partner_id, client_id, run_id, step_key, iteration, attempt, deliveries, status, input, output, error, started_at, finished_at)
             select a.step_run_id, a.partner_id, a.client_id, a.id, a.step_key, a.iteration, a.attempt, a.deliveries, a.step_status, a.input,
               a.output -> 'value', a.step_error, coalesce(a.started_at, now()), now()
             from advanced a
           )
           select a.step_run_id::text, now()::text as settled_at from advanced a, (select set_config('synchronous_commit', $2, true)) as commit_mode`,
    values: [JSON.stringify(rows), lazy ? "off" : "on", rows.map((row) => row.run_id)],
  });
  const at = new Map(settled.map((row) => [row.step_run_id, row.settled_at]));
  return rows.map((row) => at.get(row.step_run_id) ?? null);
}

/** Settles one step attempt, committed durably: see {@link settleSteps}. */
export async function settleStep(db: TQueryable, settle: SettleStepOptions): Promise<string | null> {
  const [settledAt] = await settleSteps(db, [settle], { lazy: false });
  return settledAt ?? null;
}
