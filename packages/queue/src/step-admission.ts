import { type TStepJob } from "@storeflow/runs";
import { type TClientLimitsReader } from "./client-limits";
import { type TClientSlots, type TLease } from "./client-slots";

export type TDeferralReason = "client_paused" | "concurrency_limit";

export type TAdmission = { kind: "admitted"; lease: TLease } | { kind: "deferred"; reason: TDeferralReason; retryInMs: number };

/** Options for {@link createStepAdmission}. */
export interface CreateStepAdmissionOptions {
  limits: TClientLimitsReader;
  slots: TClientSlots;
  /** How often a paused client's steps look again. @defaultValue 10000 */
  pausedRecheckMs?: number;
  /** Base wait of a step whose client has no free slot. @defaultValue 100 */
  busyBackoffMs?: number;
  /** @defaultValue 5000 */
  maxBusyBackoffMs?: number;
}

/** 0.5–1.5 times `ms`, so deferred jobs do not come back in step with each other. */
const jittered = (ms: number) => Math.round(ms * (0.5 + Math.random()));

/**
 * Decides whether a step job may execute now: not while its client is paused,
 * and only within its client's concurrency limit. A deferred job goes back to
 * the queue for `retryInMs`; it is not executed, so it consumes no attempt.
 *
 * A busy client's jobs wait longer the deeper its backlog (queued and running
 * jobs per slot), so a client with thousands of queued steps polls for slots at
 * about `limit / busyBackoffMs` a second in all, not once per job per backoff.
 */
export function createStepAdmission({ limits, slots, pausedRecheckMs = 10_000, busyBackoffMs = 100, maxBusyBackoffMs = 5000 }: CreateStepAdmissionOptions) {
  return {
    async admit(job: Pick<TStepJob, "partnerId" | "clientId">): Promise<TAdmission> {
      const { paused, maxConcurrentSteps } = await limits.read(job);
      if (paused) return { kind: "deferred", reason: "client_paused", retryInMs: jittered(pausedRecheckMs) };
      const entered = await slots.enter(job.clientId, maxConcurrentSteps);
      if ("lease" in entered) return { kind: "admitted", lease: entered.lease };
      const jobsPerSlot = entered.backlog / Math.max(1, maxConcurrentSteps);
      return { kind: "deferred", reason: "concurrency_limit", retryInMs: jittered(Math.min(maxBusyBackoffMs, busyBackoffMs * Math.max(1, jobsPerSlot))) };
    },
  };
}

export type TStepAdmission = ReturnType<typeof createStepAdmission>;
