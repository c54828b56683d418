import { type TRunContext, type TWorkflowDefinition } from "@storeflow/engine";
import { type TActionRegistry } from "../actions";
import { type TClassifier } from "../classifier";
import { type TRunStore } from "../run-store";
import { type TStepJob, type TStepPublisher } from "../step-job";

/**
 * Finds the definition a client has installed under a workflow key, for an
 * emit step to start. The API's installations provide it; tests their own.
 */
export interface TWorkflowResolver {
  resolve(partnerId: string, clientId: string, workflowKey: string): Promise<{ definition: unknown; bindings: string[]; installationId?: string } | undefined>;
}

/** What a step kind gets to do its work. */
export interface TStepEnv {
  store: TRunStore;
  publisher: TStepPublisher;
  actions: TActionRegistry;
  workflows: TWorkflowResolver | undefined;
  classifier: TClassifier | undefined;
  definition: TWorkflowDefinition;
  job: TStepJob;
  context: TRunContext;
  signal: AbortSignal;
  checkAfterMs: number;
}

/**
 * How a step attempt ended, when it did not throw. Only "done" records the step
 * as succeeded: a step succeeds once per (run, step, iteration), so attempts
 * that leave it unfinished are recorded as running.
 */
export type TStepRun =
  /** The step did its work; `next` overrides where the definition would go (a rejected approval's onReject). */
  | { kind: "done"; output: unknown; input?: Record<string, unknown>; delayNextMs?: number; next?: string }
  /** The step hands the run to `next` and finishes in a later attempt: a forEach entering its body. */
  | { kind: "handover"; next: string; input: Record<string, unknown> }
  /**
   * The run stays on this step, for a person or an event to move it on; its
   * next attempt wakes in `wakeInMs` to look at the clock (expiry, escalation).
   */
  | { kind: "parked"; wakeInMs: number; input: Record<string, unknown> }
  /** The run cannot go on without a person, whatever the step's onError says: it fails into the exception queue. */
  | { kind: "exception"; reason: string };

/** A step run that moves the run on or ends it, rather than parking it. */
export type TEndedStepRun = Exclude<TStepRun, { kind: "parked" }>;
