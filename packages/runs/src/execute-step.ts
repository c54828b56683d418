import {
  classifyError,
  decideNext,
  evaluate,
  NonRetryableError,
  StepTimeoutError,
  stepByKey,
  type TDecision,
  type TRunContext,
  type TStep,
} from "@storeflow/engine";
import { v7 as uuidv7 } from "uuid";
import { type TActionRegistry } from "./actions";
import { type TRunStore } from "./run-store";
import { stepIdempotencyKey, stepJobId, type TStepJob, type TStepPublisher } from "./step-job";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";

/** What happened to one delivery of a step job. */
export type TStepResult =
  | { kind: "stale" } // the run had already moved past this attempt: a duplicate delivery
  | { kind: "succeeded"; next: string | null }
  | { kind: "retrying"; delayMs: number }
  | { kind: "failed"; reason: string };

/** Options for {@link executeStep}. */
export interface ExecuteStepOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  job: TStepJob;
  actions: TActionRegistry;
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
  /** How many times the queue has handed this job to a worker, this time included. @defaultValue 1 */
  delivery?: number;
}

/** A step with no timeout of its own may run this long before it counts as hung. */
const DEFAULT_STEP_TIMEOUT_MS = 5 * 60_000;

type TOutcome = Parameters<typeof decideNext>[0]["outcome"];

interface TClaim {
  definitionHash: string;
  /** The database's clock when the step started, so durations never mix clocks. */
  startedAt: string;
  context: TRunContext;
}

/**
 * Reads what the step may see (the run's input and every earlier step's output),
 * only if the run still waits on exactly this attempt. A read, not a write: the
 * attempt is recorded once, when it settles, so a step costs one write. A stale
 * duplicate that slips past this check (the run moved on in between) still loses
 * the settle's compare-and-set, and its side effect is deduplicated by its key.
 */
async function claim(store: TRunStore, job: TStepJob): Promise<TClaim | null> {
  const { rows } = await store.pool.query<{ definition_hash: string; input: unknown; started_at: string; steps: TRunContext["steps"] }>({
    name: "runs.claim-step",
    text: `select r.definition_hash, r.input, now()::text as started_at,
             (select coalesce(jsonb_object_agg(s.step_key, jsonb_build_object('output', s.output)), '{}'::jsonb)
              from step_runs s where s.run_id = r.id and s.output is not null) as steps
           from workflow_runs r
           where r.id = $1 and r.partner_id::text = $2 and r.client_id::text = $3 and r.status = 'running'
             and r.current_step = $4 and r.current_iteration = $5 and r.step_attempt = $6`,
    values: [job.runId, job.partnerId, job.clientId, job.stepKey, job.iteration, job.attempt],
  });
  const [row] = rows;
  if (!row) return null;
  return {
    definitionHash: row.definition_hash,
    startedAt: row.started_at,
    context: { input: row.input, steps: row.steps, run: { id: job.runId, clientId: job.clientId } },
  };
}

interface TStepRun {
  output: unknown;
  input?: Record<string, unknown>;
  /** Hold the following step back this long (a wait step). */
  delayNextMs?: number;
}

async function runStep(step: TStep, context: TRunContext, job: TStepJob, actions: TActionRegistry, signal: AbortSignal): Promise<TStepRun> {
  switch (step.kind) {
    case "transform":
      return { output: await evaluate(step.expression, context) };
    case "branch":
      return { output: null };
    case "wait": {
      const until = step.until === undefined ? Date.now() + step.durationMs! : Date.parse(String(await evaluate(step.until, context)));
      if (Number.isNaN(until)) throw new NonRetryableError(`step "${step.key}": "until" is not a time`);
      return { output: { resumeAt: new Date(until).toISOString() }, delayNextMs: Math.max(0, until - Date.now()) };
    }
    case "action": {
      const handler = actions.resolve(step.connection, step.operation);
      if (!handler) throw new NonRetryableError(`no connector provides ${step.connection}.${step.operation}`);
      const entries = await Promise.all(Object.entries(step.input).map(async ([name, expression]) => [name, await evaluate(expression, context)] as const));
      const input = Object.fromEntries(entries);
      const output = await handler({
        connection: step.connection,
        operation: step.operation,
        input,
        idempotencyKey: stepIdempotencyKey(job),
        run: { id: job.runId, partnerId: job.partnerId, clientId: job.clientId },
        signal,
      });
      return { output, input };
    }
    default:
      throw new NonRetryableError(`step kind "${step.kind}" is not executable yet`);
  }
}

/** Runs the step under its timeout; the handler gets a signal so it can stop its own I/O. */
async function runWithTimeout<T>(step: TStep, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timeoutMs = step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StepTimeoutError(`step "${step.key}" did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function followUp(job: TStepJob, changes: Partial<TStepJob>, delayMs: number | undefined): TStepJob {
  const { partnerId, clientId, runId, stepKey, iteration, attempt, generation } = { ...job, ...changes };
  return { partnerId, clientId, runId, stepKey, iteration, attempt, generation, ...(delayMs ? { delayMs } : {}) };
}

/** The run's next state and the job that carries it there, if any. */
function transition(job: TStepJob, decision: TDecision, delayNextMs: number | undefined) {
  switch (decision.kind) {
    case "step": {
      const next = followUp(job, { stepKey: decision.stepKey, iteration: 0, attempt: 1 }, delayNextMs);
      return { status: "running", next, error: null, result: { kind: "succeeded", next: decision.stepKey } } as const;
    }
    case "retry": {
      const next = followUp(job, { attempt: job.attempt + 1 }, decision.delayMs);
      return { status: "running", next, error: null, result: { kind: "retrying", delayMs: decision.delayMs } } as const;
    }
    case "complete":
      return { status: "succeeded", next: null, error: null, result: { kind: "succeeded", next: null } } as const;
    case "fail":
      return {
        status: "failed",
        next: null,
        error: { step: job.stepKey, reason: decision.reason, exception: decision.exception },
        result: { kind: "failed", reason: decision.reason },
      } as const;
  }
}

/**
 * Executes one step attempt of one run, at least once and recorded exactly once:
 *  1. claim: read the run, only if it still waits on this attempt;
 *  2. run the step outside any transaction, with an idempotency key that is the
 *     same on every attempt, so a side effect repeated after a crash is
 *     deduplicated by the far end;
 *  3. settle, in one statement: move the run on only from the state it is in
 *     (compare-and-set on step, iteration and attempt), record the attempt and the
 *     next job's id; a duplicate delivery loses the compare-and-set and records
 *     nothing;
 *  4. publish the next job. A crash before this is repaired by the reconciler,
 *     which finds the recorded job missing from the queue.
 */
export async function executeStep({ store, publisher, job, actions, checkAfterMs = DEFAULT_CHECK_AFTER_MS, delivery = 1 }: ExecuteStepOptions): Promise<TStepResult> {
  const claimed = await claim(store, job);
  if (!claimed) return { kind: "stale" };
  const definition = await store.loadDefinition(job.partnerId, claimed.definitionHash);
  const step = stepByKey(definition, job.stepKey);

  let outcome: TOutcome;
  let ran: TStepRun | undefined;
  try {
    if (!step) throw new NonRetryableError(`step "${job.stepKey}" is not in the run's definition`);
    ran = await runWithTimeout(step, (signal) => runStep(step, claimed.context, job, actions, signal));
    outcome = { status: "succeeded", output: ran.output ?? null };
  } catch (error) {
    const { message, retryable, retryAfterMs } = classifyError(error);
    outcome = { status: "failed", error: { message, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, attempt: job.attempt };
  }
  const context = outcome.status === "succeeded" ? { ...claimed.context, steps: { ...claimed.context.steps, [job.stepKey]: { output: outcome.output } } } : claimed.context;
  let decision: TDecision;
  try {
    decision = await decideNext({ definition, stepKey: job.stepKey, outcome, context });
  } catch (error) {
    // A branch condition that cannot be evaluated is the definition's fault, not the far end's.
    decision = { kind: "fail", reason: `step "${job.stepKey}": ${classifyError(error).message}`, exception: true };
  }

  const { status, next, error, result } = transition(job, decision, ran?.delayNextMs);
  // A failed step that the definition continues past hands its error on as its output.
  const stepOutput = outcome.status === "succeeded" ? outcome.output : decision.kind === "step" ? (decision.output ?? null) : undefined;
  const { rows } = await store.pool.query<{ advanced: number }>({
    name: "runs.settle-step",
    text: `with advanced as (
             update workflow_runs set status = $7::"RunStatus", current_step = $8, current_iteration = $9, step_attempt = $10, pending_job_id = $11,
               due_at = now() + make_interval(secs => $12::float8 / 1000), error = $13::jsonb, updated_at = now(),
               finished_at = case when $7::"RunStatus" = 'running' then null else now() end
             where id = $1 and partner_id::text = $2 and client_id::text = $3 and status = 'running'
               and current_step = $4 and current_iteration = $5 and step_attempt = $6
             returning id, partner_id, client_id
           ), recorded as (
             insert into step_runs (id, partner_id, client_id, run_id, step_key, iteration, attempt, deliveries, status, input, output, error, started_at, finished_at)
             select $14, a.partner_id, a.client_id, a.id, $4, $5, $6, $15, $16::"StepStatus", $17::jsonb, $18::jsonb, $19::jsonb, $20::timestamptz, now() from advanced a
           )
           select count(*)::int as advanced from advanced`,
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
      next ? stepJobId(next) : null,
      checkAfterMs + (next?.delayMs ?? 0),
      error ? JSON.stringify(error) : null,
      uuidv7(),
      delivery,
      outcome.status,
      ran?.input ? JSON.stringify(ran.input) : null,
      stepOutput === undefined ? null : JSON.stringify(stepOutput),
      outcome.status === "failed" ? JSON.stringify(outcome.error) : null,
      claimed.startedAt,
    ],
  });
  if (rows[0]!.advanced === 0) return { kind: "stale" };
  if (next) await publisher.publish([next]);
  return result;
}
