import {
  classifyError,
  decideNext,
  NonRetryableError,
  StepTimeoutError,
  stepByKey,
  type TDecision,
  type TRunContext,
  type TStep,
  type TWorkflowDefinition,
} from "@storeflow/engine";
import { type TActionRegistry } from "./actions";
import { baseContext, claim, runContext } from "./run-context";
import { type TRunStore } from "./run-store";
import { settleStep, type TAttemptRecord, type TStepResult, type TTransition } from "./settle";
import { type TStepJob, type TStepPublisher } from "./step-job";
import { runStep } from "./steps/run-step";
import { type TEndedStepRun, type TStepRun, type TWorkflowResolver } from "./steps/step-run";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";
import { decisionAfter, endedRecord, parkTransition, planTransition } from "./transition";

export { type TStepResult } from "./settle";

/** Options for {@link executeStep}. */
export interface ExecuteStepOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  job: TStepJob;
  actions: TActionRegistry;
  /** The client's installed workflows, for emit steps; without it an emit step fails for good. */
  workflows?: TWorkflowResolver;
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
  /** How many times the queue has handed this job to a worker, this time included. @defaultValue 1 */
  delivery?: number;
}

/** A step with no timeout of its own may run this long before it counts as hung. */
const DEFAULT_STEP_TIMEOUT_MS = 5 * 60_000;

type TFailure = Extract<Parameters<typeof decideNext>[0]["outcome"], { status: "failed" }>;

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

/** What the definition makes of a step that did not park. */
async function decide(definition: TWorkflowDefinition, job: TStepJob, ended: TEndedStepRun | TFailure, context: TRunContext): Promise<TDecision> {
  try {
    if ("status" in ended) return await decideNext({ definition, stepKey: job.stepKey, outcome: ended, context });
    return await decisionAfter(definition, job, ended, context);
  } catch (error) {
    // A branch condition that cannot be evaluated is the definition's fault, not the far end's.
    return { kind: "fail", reason: `step "${job.stepKey}": ${classifyError(error).message}`, exception: true };
  }
}

/** The step_runs row for how the attempt ended. */
function attemptRecord(ended: TStepRun | TFailure, decision: TDecision | null): Omit<TAttemptRecord, "startedAt" | "deliveries"> {
  if ("status" in ended) {
    // A failed step that the definition continues past hands its error on as its output.
    return { status: "failed", error: ended.error, output: decision?.kind === "step" ? (decision.output ?? null) : undefined };
  }
  return ended.kind === "parked" ? { status: "running", input: ended.input } : endedRecord(ended);
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
 * A step that waits on a person or an event (approval, waitForEvent) parks the
 * run: it stays on the step, and its next job is the step's timeout.
 */
export async function executeStep({ store, publisher, job, actions, workflows, checkAfterMs = DEFAULT_CHECK_AFTER_MS, delivery = 1 }: ExecuteStepOptions): Promise<TStepResult> {
  const claimed = await claim(store, job);
  if (!claimed) return { kind: "stale" };
  const definition = await store.loadDefinition(job.partnerId, claimed.definitionHash);

  let context = baseContext(job, claimed);
  let ended: TStepRun | TFailure;
  try {
    const step = stepByKey(definition, job.stepKey);
    if (!step) throw new NonRetryableError(`step "${job.stepKey}" is not in the run's definition`);
    context = await runContext(store, definition, job, claimed);
    const env = { store, publisher, actions, workflows, definition, job, context, checkAfterMs };
    ended = await runWithTimeout(step, (signal) => runStep(step, { ...env, signal }));
  } catch (error) {
    const { message, retryable, retryAfterMs } = classifyError(error);
    ended = { status: "failed", error: { message, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, attempt: job.attempt };
  }

  let transition: TTransition;
  let decision: TDecision | null = null;
  if ("kind" in ended && ended.kind === "parked") {
    transition = parkTransition(job, ended.wakeInMs);
  } else {
    decision = await decide(definition, job, ended, context);
    const delayNextMs = "kind" in ended && ended.kind === "done" ? ended.delayNextMs : undefined;
    transition = await planTransition(store.pool, { definition, job, decision, delayNextMs });
  }

  const record = { ...attemptRecord(ended, decision), startedAt: claimed.startedAt, deliveries: delivery };
  if (!(await settleStep(store.pool, { job, transition, record, checkAfterMs }))) return { kind: "stale" };
  if (transition.next) await publisher.publish([transition.next]);
  return transition.result;
}
