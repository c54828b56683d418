import { type TClientLimitsReader } from "./client-limits";
import { type TClientSlots, type TLease } from "./client-slots";
import { jittered, type TRunStartJob, type TRunStartLimiter } from "./run-start-rate";

export type TDeferralReason = "client_paused" | "rate_limit" | "concurrency_limit";

export type TAdmission =
  | { kind: "admitted"; lease: TLease }
  /** Comes back by itself after `retryInMs`. */
  | { kind: "deferred"; reason: "client_paused" | "rate_limit"; retryInMs: number }
  /** Waits to be parked for the client's next free slot (see TClientSlots.park). */
  | { kind: "deferred"; reason: "concurrency_limit"; limit: number };

/** Options for {@link createStepAdmission}. */
export interface CreateStepAdmissionOptions {
  limits: TClientLimitsReader;
  slots: TClientSlots;
  /** Holds the start of each client's runs to its runs-per-minute. */
  starts: TRunStartLimiter;
  /** How often a paused client's steps look again. @defaultValue 10000 */
  pausedRecheckMs?: number;
}

/**
 * Decides whether a step job may execute now: not while its client is paused,
 * a run's first step only within its client's rate of run starts, and only
 * within its client's concurrency limit. A deferred job goes back to the
 * queue; it is not executed, so it consumes no attempt.
 */
export function createStepAdmission({ limits, slots, starts, pausedRecheckMs = 10_000 }: CreateStepAdmissionOptions) {
  return {
    /** `jobId`: the queue's id of the job, whose kept slot (see TClientSlots) it may take. */
    async admit(job: TRunStartJob, jobId: string): Promise<TAdmission> {
      const { paused, maxConcurrentSteps, runsPerMinute } = await limits.read(job);
      if (paused) return { kind: "deferred", reason: "client_paused", retryInMs: jittered(pausedRecheckMs) };
      // Before the slot: a start then parked for a slot keeps the token it reserved,
      // while one deferred for its token would have held a slot for nothing.
      if (runsPerMinute !== null) {
        const waitMs = await starts.waitMs(job, runsPerMinute);
        if (waitMs > 0) return { kind: "deferred", reason: "rate_limit", retryInMs: waitMs };
      }
      const lease = await slots.enter(job.clientId, maxConcurrentSteps, jobId);
      return lease ? { kind: "admitted", lease } : { kind: "deferred", reason: "concurrency_limit", limit: maxConcurrentSteps };
    },
  };
}

export type TStepAdmission = ReturnType<typeof createStepAdmission>;
