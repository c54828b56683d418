import { z } from "zod";

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * "Advance this run by executing this attempt of this step": the only message
 * the queue carries. It names the tenant, which every statement the worker sends
 * repeats, and it is re-parsed by the worker because Redis is outside the trust
 * boundary.
 */
export const ZStepJob = z.object({
  partnerId: z.uuid(),
  clientId: z.uuid(),
  runId: z.uuid(),
  stepKey: z.string().min(1).max(100),
  iteration: z.int().min(0),
  attempt: z.int().min(1),
  /** Bumped by the reconciler when it re-publishes lost work. */
  generation: z.int().min(0),
  /** Hold the job back this long (retry backoff, a wait step). */
  delayMs: z.int().min(0).optional(),
  /**
   * Set by the start that records the run, on its first step's job: the
   * publisher may then hold the job to its client's rate of run starts, and
   * the worker needs no look-up to tell it is one. A job without it may still
   * be a start (the reconciler re-publishes without it); the worker then looks.
   */
  runStart: z.literal(true).optional(),
  /**
   * W3C traceparent of the span the job continues (its publisher's), so each
   * step joins its run's trace. Only a link between spans: one that does not
   * parse is dropped rather than failing the step, and the run row's own
   * traceparent stands in for a missing one (see executeStep).
   */
  traceparent: z.string().regex(TRACEPARENT).optional().catch(undefined),
});
export type TStepJob = z.infer<typeof ZStepJob>;

export const STEP_JOB_NAME = "run.step";

/**
 * Deterministic per (run, step, iteration, attempt, generation): publishing the
 * same job twice enqueues it once. BullMQ refuses ":" in custom ids.
 */
export function stepJobId(job: Pick<TStepJob, "runId" | "stepKey" | "iteration" | "attempt" | "generation">): string {
  return `${job.runId}/${job.stepKey}/${job.iteration}/a${job.attempt}/g${job.generation}`;
}

/** The same key on every attempt of a step: connectors pass it on as their idempotency key. */
export function stepIdempotencyKey(job: Pick<TStepJob, "runId" | "stepKey" | "iteration">): string {
  return `${job.runId}:${job.stepKey}:${job.iteration}`;
}

/**
 * Hands step jobs to the queue. The runs package records a job on the run row
 * before publishing it, so a publish lost to a crash is re-done by the reconciler.
 */
export interface TStepPublisher {
  publish(jobs: readonly TStepJob[]): Promise<void>;
  /**
   * Runs `start` (recording and publishing one of the client's runs) when it
   * is admitted: at once, unless the client's starts are already held back for its
   * rate of starts, when recording more of them sooner moves none of them
   * sooner and would only take the machine from clients whose runs can go now.
   * @defaultValue at once
   */
  admitStart?<T>(clientId: string, start: () => Promise<T>): Promise<T>;
}
