import { type TStep, type TWorkflowDefinition } from "./definition";
import { NonRetryableError } from "./errors";
import { evaluate, type TRunContext } from "./expressions";
import { DEFAULT_RETRY_POLICY, nextRetryDelayMs } from "./retry-policy";

/** What the executor does after a step attempt. */
export type TDecision =
  /** Run `stepKey` next; `output`, when present, is what to record for the step that just ended. */
  | { kind: "step"; stepKey: string; output?: unknown }
  | { kind: "retry"; delayMs: number }
  /** The sequence ended: the whole run, or inside a forEach body, the current item. */
  | { kind: "complete" }
  /** `exception: true` parks the run in the exception queue for a person. */
  | { kind: "fail"; reason: string; exception: boolean };

export type TStepOutcome =
  | { status: "succeeded"; output: unknown }
  | {
      status: "failed";
      error: { message: string; retryable: boolean; retryAfterMs?: number };
      /**
       * Which failure of the step this is, 1 for the first, as the retry policy
       * counts: attempts that did not fail (a parked step waking up to look at
       * its clock) do not count, so they cost the step none of its retries.
       */
      attempt: number;
    };

/** Options for {@link decideNext}. */
export interface DecideNextOptions {
  definition: TWorkflowDefinition;
  stepKey: string;
  outcome: TStepOutcome;
  /** The run as it stands, this step's output included when it succeeded (branch conditions read it). */
  context: TRunContext;
  /** Injectable for tests; see {@link nextRetryDelayMs}. */
  random?: () => number;
}

// Invariant: a definition object is never mutated once looked up, or this index goes stale.
const indexes = new WeakMap<TWorkflowDefinition, Map<string, TStep>>();

/** Looks a step up by key; indexed once per definition object, since the executor asks per step. */
export function stepByKey(definition: TWorkflowDefinition, key: string): TStep | undefined {
  let index = indexes.get(definition);
  if (!index) {
    index = new Map(definition.steps.map((step) => [step.key, step]));
    indexes.set(definition, index);
  }
  return index.get(key);
}

// JSONata's $boolean rules, so a condition means the same here as inside an expression.
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === "object" && value !== null) return Object.keys(value).length > 0;
  if (typeof value === "function") return false;
  return Boolean(value);
}

function continueWith(next: string | undefined, output?: unknown): TDecision {
  if (next === undefined) return { kind: "complete" };
  return output === undefined ? { kind: "step", stepKey: next } : { kind: "step", stepKey: next, output };
}

async function afterSuccess(step: TStep, context: TRunContext): Promise<TDecision> {
  if (step.kind !== "branch") return continueWith(step.next);
  for (const { when, next } of step.cases) {
    if (isTruthy(await evaluate(when, context))) return continueWith(next);
  }
  return continueWith(step.otherwise);
}

/**
 * The transition function of a run: given how a step attempt ended, what
 * happens next. Pure apart from evaluating branch conditions; throws an
 * ExpressionError when one cannot be evaluated.
 */
export async function decideNext({ definition, stepKey, outcome, context, random }: DecideNextOptions): Promise<TDecision> {
  const step = stepByKey(definition, stepKey);
  if (!step) throw new NonRetryableError(`workflow "${definition.key}" v${definition.version} has no step "${stepKey}"`);
  if (outcome.status === "succeeded") return afterSuccess(step, context);

  const { error, attempt } = outcome;
  if (error.retryable) {
    const delayMs = nextRetryDelayMs(step.retry ?? DEFAULT_RETRY_POLICY, attempt, { retryAfterMs: error.retryAfterMs, random });
    if (delayMs !== null) return { kind: "retry", delayMs };
  }
  const attempts = attempt > 1 ? ` after ${attempt} attempts` : "";
  const reason = `step "${step.key}" failed${attempts}: ${error.message}`;
  const onError = step.onError ?? { action: "fail" };
  switch (onError.action) {
    case "fail":
      return { kind: "fail", reason, exception: false };
    case "exception":
      return { kind: "fail", reason, exception: true };
    case "continue":
      return continueWith(onError.next ?? ("next" in step ? step.next : undefined), { error: error.message });
    case "compensate":
      // The compensation step reads what went wrong from the failed step's output.
      return continueWith(onError.next, { error: error.message });
  }
}
