import { type TStepJob } from "@storeflow/runs";
import { type TClientLimitsReader } from "./client-limits";
import { type TClientSlots, type TLease } from "./client-slots";

export type TDeferralReason = "client_paused" | "concurrency_limit";

export type TAdmission =
  | { kind: "admitted"; lease: TLease }
  /** Comes back by itself after `retryInMs`. */
  | { kind: "deferred"; reason: "client_paused"; retryInMs: number }
  /** Waits to be parked for the client's next free slot (see TClientSlots.park). */
  | { kind: "deferred"; reason: "concurrency_limit"; limit: number };

/** Options for {@link createStepAdmission}. */
export interface CreateStepAdmissionOptions {
  limits: TClientLimitsReader;
  slots: TClientSlots;
  /** How often a paused client's steps look again. @defaultValue 10000 */
  pausedRecheckMs?: number;
}

/** 0.5–1.5 times `ms`, so deferred jobs do not come back in step with each other. */
const jittered = (ms: number) => Math.round(ms * (0.5 + Math.random()));

/**
 * Decides whether a step job may execute now: not while its client is paused,
 * and only within its client's concurrency limit. A deferred job goes back to
 * the queue; it is not executed, so it consumes no attempt.
 */
export function createStepAdmission({ limits, slots, pausedRecheckMs = 10_000 }: CreateStepAdmissionOptions) {
  return {
    async admit(job: Pick<TStepJob, "partnerId" | "clientId">): Promise<TAdmission> {
      const { paused, maxConcurrentSteps } = await limits.read(job);
      if (paused) return { kind: "deferred", reason: "client_paused", retryInMs: jittered(pausedRecheckMs) };
      const lease = await slots.enter(job.clientId, maxConcurrentSteps);
      return lease ? { kind: "admitted", lease } : { kind: "deferred", reason: "concurrency_limit", limit: maxConcurrentSteps };
    },
  };
}

export type TStepAdmission = ReturnType<typeof createStepAdmission>;
