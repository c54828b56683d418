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
import {
  ATTR_CLIENT_ID,
  ATTR_PARTNER_ID,
  ATTR_RUN_ID,
  ATTR_STEP,
  ATTR_STEP_ATTEMPT,
  ATTR_STEP_ITERATION,
  ATTR_STEP_OUTCOME,
  isTracing,
  type Span,
  SpanKind,
  SpanStatusCode,
  traceparentOf,
  withContextAttributes,
  withSpan,
  withTraceContext,
} from "@storeflow/telemetry";
import { type TActionRegistry } from "./actions";
import { type TClassifier } from "./classifier";
import { failedAttemptNumber } from "./failed-attempts";
import { baseContext, claim, runContext, type TClaim } from "./run-context";
import { type TRunStore } from "./run-store";
import { type TAttemptRecord, type TStepResult, type TTransition } from "./settle";
import { stepJobId, type TStepJob, type TStepPublisher } from "./step-job";
import { runStep } from "./steps/run-step";
import { type TEndedStepRun, type TStepRun, type TWorkflowResolver } from "./steps/step-run";
import { DEFAULT_CHECK_AFTER_MS } from "./timing";
import { decisionAfter, endedRecord, parkTransition, planTransition } from "./transition";

export { type TStepResult } from "./settle";

/** What a settled step is measured by, next to its result: for metrics labelled by workflow. */
export interface TStepMeasure {
  /** The run's workflow key: a template's key, from the code-defined catalog, so a bounded label. */
  workflow: string;
  /** How the run ended and how long after its creation, when this step ended it; null while it goes on. */
  runEnded: { status: "succeeded" | "failed"; seconds: number } | null;
}

/** Options for {@link executeStep}. */
export interface ExecuteStepOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  job: TStepJob;
  actions: TActionRegistry;
  /** The client's installed workflows, for emit steps; without it an emit step fails for good. */
  workflows?: TWorkflowResolver;
  /** Answers ai.classify steps; without it they fail for good. */
  classifier?: TClassifier;
  /** See {@link DEFAULT_CHECK_AFTER_MS}. */
  checkAfterMs?: number;
  /**
   * The job's claim (see beginClaim), when the caller began reading it already: a
   * worker reads it while it decides the job's admission, so the two round
   * trips overlap. @defaultValue read here
   */
  claimed?: Promise<TClaim | null>;
  /** How many times the queue has handed this job to a worker, this time included. @defaultValue 1 */
  delivery?: number;
  /**
   * Asked when a step settles and the run's next step is due at once: true
   * runs that step here, under the same job, instead of publishing a job for
   * it. `steps` is how many this job has run so far. @defaultValue never
   */
  goOn?: (next: TStepJob, steps: number) => boolean;
  /** Called as each step this job runs settles (a chain settles several). */
  onStep?: (result: TStepResult, seconds: number, measure: TStepMeasure) => void;
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

/** One step's attempt, from its claim to its settle; the next claim when the run goes on here. */
async function runClaimed(
  options: ExecuteStepOptions & { checkAfterMs: number; carrier: string },
  claimed: TClaim,
  steps: number,
): Promise<{ result: TStepResult; goOn: TClaim | null; measure: TStepMeasure }> {
  const { store, publisher, actions, workflows, classifier, checkAfterMs, carrier } = options;
  const { job } = claimed;
  const definition = await store.loadDefinition(job.partnerId, claimed.definitionHash);

  let context = baseContext(claimed);
  let ended: TStepRun | TFailure;
  try {
    const step = stepByKey(definition, job.stepKey);
    if (!step) throw new NonRetryableError(`step "${job.stepKey}" is not in the run's definition`);
    context = await runContext(store, definition, claimed);
    const env = { store, publisher, actions, workflows, classifier, definition, job, context, checkAfterMs };
    ended = await runWithTimeout(step, (signal) => runStep(step, { ...env, signal }));
  } catch (error) {
    const { message, retryable, retryAfterMs } = classifyError(error);
    // The retry policy counts failures: a parked step's wake-ups are attempts that did not fail.
    const attempt = await failedAttemptNumber(store.pool, job);
    ended = { status: "failed", error: { message, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, attempt };
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

  const { next } = transition;
  const inPlace = next !== null && !next.delayMs && (options.goOn?.(next, steps) ?? false);
  // The first step of a delivery may have run before (the job was handed out again); a step reached in place has not.
  const record = { ...attemptRecord(ended, decision), startedAt: claimed.startedAt, deliveries: steps === 1 ? (options.delivery ?? 1) : 1 };
  const settledAt = await store.settle({ job, transition, record, checkAfterMs, ...(inPlace ? { carriedBy: carrier } : {}) });
  if (settledAt === null) return { result: { kind: "stale" }, goOn: null, measure: { workflow: definition.key, runEnded: null } };
  const { status } = transition;
  const measure = { workflow: definition.key, runEnded: status === "running" ? null : { status, seconds: (Date.now() - claimed.runCreatedAtMs) / 1000 } };
  if (!inPlace) {
    if (next) await publisher.publish([next]);
    return { result: transition.result, goOn: null, measure };
  }
  // The next step sees what this claim saw plus this step's output, as a fresh claim would read them.
  const outputs: TClaim["outputs"] = record.output === undefined ? claimed.outputs : [...claimed.outputs, [job.stepKey, job.iteration, record.output]];
  return { result: transition.result, goOn: { ...claimed, job: next, startedAt: settledAt, outputs }, measure };
}

/**
 * Executes the step a run waits on, at least once and recorded exactly once:
 *  1. claim: read the run, only if its pending job is still this job;
 *  2. run the step outside any transaction, with an idempotency key that is the
 *     same on every attempt, so a side effect repeated after a crash is
 *     deduplicated by the far end;
 *  3. settle, in one statement: move the run on only from the state it is in
 *     (compare-and-set on step, iteration and attempt), record the attempt and the
 *     next job's id; a duplicate delivery loses the compare-and-set and records
 *     nothing;
 *  4. publish the next job. A crash before this is repaired by the reconciler,
 *     which finds the recorded job missing from the queue.
 *
 * When the next step is due at once and `goOn` agrees, step 4 is skipped: the
 * settle records this job as the run's pending job, and the next step runs
 * here from step 2, its claim built from what this one read and wrote. The run
 * is still checkpointed at every step; what a chain saves is a queue round trip
 * and a read per step. If the worker dies mid-chain, the job is handed out
 * again, and its claim finds the run on the step the chain had reached.
 *
 * A step that waits on a person or an event (approval, waitForEvent) parks the
 * run: it stays on the step, and its next job is the step's timeout.
 *
 * Each step is a `step.execute` span in the run's trace, under the span the
 * job names (its publisher's, or the run's start kept on the row); the run's
 * next job names this step's span, so the trace follows the run's path.
 * @returns how the last step this job ran ended
 */
export async function executeStep(options: ExecuteStepOptions): Promise<TStepResult> {
  const { store, job } = options;
  const env = { ...options, checkAfterMs: options.checkAfterMs ?? DEFAULT_CHECK_AFTER_MS, carrier: stepJobId(job) };
  // A job names the span it continues. One that came without (published before runs kept
  // their trace) learns the run's from the claim, read before its span starts so the span can join it.
  let claimed: TClaim | null | undefined = options.claimed ? await options.claimed : job.traceparent === undefined && isTracing() ? await claim(store, job) : undefined;
  for (let steps = 1; claimed !== null; steps++) {
    const began = performance.now();
    const ran = await traceStep(claimed?.job ?? job, async (span) => {
      const current = claimed ?? (await claim(store, job));
      if (!current) {
        span.setAttribute(ATTR_STEP_OUTCOME, "stale");
        return null;
      }
      // The attempt the run is on, which a chain interrupted by a crash may have moved past the job's own.
      if (span.isRecording()) span.setAttributes({ [ATTR_STEP]: current.job.stepKey, [ATTR_STEP_ATTEMPT]: current.job.attempt, [ATTR_STEP_ITERATION]: current.job.iteration });
      const outcome = await runClaimed(env, continuedIn(span, current), steps);
      span.setAttribute(ATTR_STEP_OUTCOME, outcome.result.kind);
      // The reason may quote what a far end answered: the step_runs row keeps it, the span only the outcome.
      if (outcome.result.kind === "failed") span.setStatus({ code: SpanStatusCode.ERROR });
      return outcome;
    });
    if (!ran) break;
    options.onStep?.(ran.result, (performance.now() - began) / 1000, ran.measure);
    if (!ran.goOn) return ran.result;
    claimed = ran.goOn;
  }
  return { kind: "stale" };
}

const NO_ATTRIBUTES = Object.freeze({});

/**
 * One `step.execute` span per step, a consumer of the job's publisher (or, in
 * a chain, of the step before), carrying the run's tenant and id into every
 * span under it: queries, the connector's call, its HTTP request.
 */
function traceStep<T>(job: TStepJob, work: (span: Span) => Promise<T>): Promise<T> {
  // Untraced, withSpan hands `work` a no-op span at once: nothing is built for it.
  if (!isTracing()) return withSpan("step.execute", NO_ATTRIBUTES, work);
  return inJobTrace(job, () =>
    withSpan("step.execute", { [ATTR_STEP]: job.stepKey, [ATTR_STEP_ATTEMPT]: job.attempt, [ATTR_STEP_ITERATION]: job.iteration }, work, { kind: SpanKind.CONSUMER }),
  );
}

/** Runs `work` under the span the job names, with the run's tenant and id on every span it starts. */
function inJobTrace<T>(job: TStepJob, work: () => Promise<T>): Promise<T> {
  const attributes = { [ATTR_PARTNER_ID]: job.partnerId, [ATTR_CLIENT_ID]: job.clientId, [ATTR_RUN_ID]: job.runId };
  return withTraceContext(job.traceparent, () => withContextAttributes(attributes, work));
}

/**
 * Starts reading a job's claim ahead of its step (see ExecuteStepOptions.claimed), in the job's trace
 * and under its tenant: the claim's statement is then the step's sibling, under the job's publisher,
 * since the step's own span starts only once the job is admitted.
 */
export function beginClaim(store: TRunStore, job: TStepJob): Promise<TClaim | null> {
  return isTracing() ? inJobTrace(job, () => claim(store, job)) : claim(store, job);
}

/** The claim with this step's span as the trace link the run's next job carries (see followUp). */
function continuedIn(span: Span, claimed: TClaim): TClaim {
  const traceparent = span.isRecording() ? traceparentOf(span) : undefined;
  return traceparent ? { ...claimed, job: { ...claimed.job, traceparent } } : claimed;
}
