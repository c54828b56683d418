import { decideNext, enclosingForEach, type TDecision, type TForEachStep, type TRunContext, type TWorkflowDefinition } from "@storeflow/engine";
import { type TAttemptRecord, type TTransition } from "./settle";
import { type TStepJob } from "./step-job";
import { findLoopProgress } from "./steps/for-each";
import { type TEndedStepRun } from "./steps/step-run";
import { type TQueryable } from "./transaction";

/** The run's next job: the same run and generation, and the same trace link (the step that leads to it, see executeStep). */
function followUp(job: TStepJob, changes: Partial<TStepJob>, delayMs: number | undefined): TStepJob {
  const { partnerId, clientId, runId, stepKey, iteration, attempt, generation, traceparent } = { ...job, ...changes };
  return { partnerId, clientId, runId, stepKey, iteration, attempt, generation, ...(delayMs ? { delayMs: Math.ceil(delayMs) } : {}), ...(traceparent ? { traceparent } : {}) };
}

const moveTo = (next: TStepJob): TTransition => ({ status: "running", next, error: null, result: { kind: "succeeded", next: next.stepKey } });

const fail = (job: TStepJob, reason: string, exception: boolean): TTransition => ({
  status: "failed",
  next: null,
  error: { step: job.stepKey, reason, exception },
  result: { kind: "failed", reason },
});

/** Keeps the run on its step under the next attempt, whose job is held back until the step wants to look at the clock again. */
export function parkTransition(job: TStepJob, wakeInMs: number): TTransition {
  const next = followUp(job, { attempt: job.attempt + 1 }, wakeInMs);
  return { status: "running", next, error: null, result: { kind: "parked", wakeInMs: next.delayMs ?? 0 } };
}

/** What a step that ended without throwing decides: its own word first (see TStepRun), else the definition's. */
export async function decisionAfter(definition: TWorkflowDefinition, job: TStepJob, ran: TEndedStepRun, context: TRunContext): Promise<TDecision> {
  if (ran.kind === "exception") return { kind: "fail", reason: `step "${job.stepKey}": ${ran.reason}`, exception: true };
  if (ran.kind === "handover") return { kind: "step", stepKey: ran.next };
  if (ran.next !== undefined) return { kind: "step", stepKey: ran.next };
  const output = ran.output ?? null;
  const withOutput = { ...context, steps: { ...context.steps, [job.stepKey]: { output } } };
  return decideNext({ definition, stepKey: job.stepKey, outcome: { status: "succeeded", output }, context: withOutput });
}

/** The step_runs row of an attempt that ended without throwing. */
export function endedRecord(ran: TEndedStepRun): Pick<TAttemptRecord, "status" | "input" | "output" | "error"> {
  switch (ran.kind) {
    case "exception":
      return { status: "failed", error: { message: ran.reason, retryable: false } };
    case "handover":
      return { status: "running", input: ran.input };
    case "done":
      return { status: "succeeded", input: ran.input, output: ran.output ?? null };
  }
}

async function afterItem(db: TQueryable, job: TStepJob, loop: TForEachStep, delayNextMs: number | undefined): Promise<TTransition> {
  const progress = await findLoopProgress(db, job, loop.key, null);
  if (!progress) return fail(job, `forEach "${loop.key}" has no recorded items to go on with`, true);
  if (job.iteration + 1 < progress.count) return moveTo(followUp(job, { stepKey: loop.body, iteration: job.iteration + 1, attempt: 1 }, delayNextMs));
  // After its last item the forEach runs once more, to gather the items' results.
  return moveTo(followUp(job, { stepKey: loop.key, iteration: 0, attempt: progress.attempt + 1 }, delayNextMs));
}

/** Options for {@link planTransition}. */
export interface PlanTransitionOptions {
  definition: TWorkflowDefinition;
  /** The attempt that ended. */
  job: TStepJob;
  decision: TDecision;
  /** Hold the following step back this long (a wait step). */
  delayNextMs?: number;
}

/**
 * Turns a decision into the run's next state. Steps of a forEach body carry
 * the item's iteration, and a body's sequence completing ends only the item:
 * the run goes on with the next item, or back to the forEach after the last.
 */
export async function planTransition(db: TQueryable, { definition, job, decision, delayNextMs }: PlanTransitionOptions): Promise<TTransition> {
  switch (decision.kind) {
    case "step": {
      const loop = enclosingForEach(definition, decision.stepKey);
      // A step entering a body (the forEach itself) starts at item 0; within a body the item carries on.
      const iteration = loop !== undefined && loop === enclosingForEach(definition, job.stepKey) ? job.iteration : 0;
      return moveTo(followUp(job, { stepKey: decision.stepKey, iteration, attempt: 1 }, delayNextMs));
    }
    case "retry": {
      const next = followUp(job, { attempt: job.attempt + 1 }, decision.delayMs);
      return { status: "running", next, error: null, result: { kind: "retrying", delayMs: decision.delayMs } };
    }
    case "complete": {
      const loop = enclosingForEach(definition, job.stepKey);
      if (loop) return afterItem(db, job, loop, delayNextMs);
      return { status: "succeeded", next: null, error: null, result: { kind: "succeeded", next: null } };
    }
    case "fail":
      return fail(job, decision.reason, decision.exception);
  }
}
