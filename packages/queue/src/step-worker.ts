import { beginClaim, executeStep, STEP_JOB_NAME, type TActionRegistry, type TRunStore, type TStepJob, type TStepPublisher, type TClassifier, type TStepResult, type TWorkflowResolver } from "@storeflow/runs";
import { type ConnectionOptions, DelayedError, Job, Worker } from "bullmq";
import { DEFAULT_PARKED_MS, type TClientSlots, type TLease } from "./client-slots";
import { type TFleetMetrics } from "./fleet-metrics";
import { JOBS } from "./jobs";
import { type TStepAdmission } from "./step-admission";

/** Options for {@link startStepWorker}. */
export interface StartStepWorkerOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  admission: TStepAdmission;
  slots: TClientSlots;
  connection: ConnectionOptions;
  /** BullMQ key prefix; tests give each run its own. @defaultValue "sf" */
  prefix?: string;
  actions: TActionRegistry;
  workflows?: TWorkflowResolver;
  classifier?: TClassifier;
  /** Steps in flight per process. @defaultValue 16 */
  concurrency?: number;
  /**
   * How long a job's lock (and its client slot's lease) lives without renewal.
   * A killed worker's jobs are re-delivered, and its slots freed, after roughly this long.
   */
  lockDurationMs: number;
  checkAfterMs?: number;
  metrics: TFleetMetrics;
  /** See CreateClientSlotsOptions.parkedMs; the same value. @defaultValue 10000 */
  parkedMs?: number;
  /** Most steps of one run a job executes in a row (see executeStep's goOn). @defaultValue 16 */
  maxChainSteps?: number;
  /** A job stops taking its run's next step in place after this long. @defaultValue 250 */
  maxChainMs?: number;
  /** Called as each step settles. */
  onSettled?: (result: TStepResult) => void;
  /** Called as each step settles, with the job whose run it belongs to: the live step feed. */
  onRunStep?: (job: TStepJob, result: TStepResult) => void;
}

interface TInFlight {
  job: Job;
  token: string | undefined;
  lease: TLease;
  handedBack: boolean;
}

function deferralsOf(job: Job): number {
  const deferrals: unknown = (job.data as { deferrals?: unknown }).deferrals;
  return typeof deferrals === "number" ? deferrals : 0;
}

/**
 * Consumes `run.step` jobs. Stalled jobs (their worker died) are re-delivered
 * rather than failed: the run's state is in PostgreSQL and every side effect is
 * idempotent, so running a step again is safe, while failing it as "stalled"
 * would strand the run until the reconciler noticed.
 *
 * A job its client may not run now (paused, or at its concurrency limit) goes
 * back to the delayed set with BullMQ's own token-checked move; the move skips
 * BullMQ's attempt count and the executor never sees the job, so a deferral
 * costs the step no attempt. A paused client's job comes back after a while to
 * look again; a busy client's is parked and promoted by the step that next
 * frees one of its slots.
 *
 * An admitted job may carry its run through several steps in a row (see
 * executeStep's goOn), in the slot it holds: a short chain, never past a
 * delay, and not once the worker is stopping or has handed the job back.
 */
export function startStepWorker({
  store,
  publisher,
  admission,
  slots,
  connection,
  prefix = "sf",
  actions,
  workflows,
  classifier,
  concurrency = 16,
  lockDurationMs,
  checkAfterMs,
  metrics,
  parkedMs = DEFAULT_PARKED_MS,
  maxChainSteps = 16,
  maxChainMs = 250,
  onSettled,
  onRunStep,
}: StartStepWorkerOptions) {
  const spec = JOBS[STEP_JOB_NAME];
  const inFlight = new Set<TInFlight>();
  /**
   * Promotes the client's oldest parked job into the slot just handed over to
   * it. One that cannot be (it came back by itself and ran meanwhile) passes
   * the slot on to the next.
   */
  const wake = async (clientId: string, parked: string | null) => {
    for (let id = parked, tries = 0; id !== null && tries < 5; id = await slots.nextParked(clientId, id), tries++) {
      const waiting = await Job.fromId(worker, id);
      if (await waiting?.promote().then(() => true, () => false)) return;
    }
  };
  const worker = new Worker(
    spec.queue,
    async (job, token) => {
      const payload = spec.schema.parse(job.data);
      // Read from PostgreSQL while Redis decides the admission; a deferred job drops what it read.
      const claimed = beginClaim(store, payload);
      claimed.catch(() => {});
      const admitted = await admission.admit(payload, job.id!);
      const deferrals = deferralsOf(job);
      if (admitted.kind === "deferred") {
        metrics.stepDeferred(admitted.reason);
        // BullMQ counts a deferred job's next pick-up as a start; the count kept
        // in its data lets the executor record only real deliveries.
        await job.updateData({ ...job.data, deferrals: deferrals + 1 });
        if (admitted.reason === "concurrency_limit") {
          // Delayed first, then parked: whoever frees a slot finds it promotable.
          await job.moveToDelayed(Date.now() + parkedMs, token);
          if (!(await slots.park(payload.clientId, job.id!, admitted.limit))) await job.promote();
        } else {
          await job.moveToDelayed(Date.now() + admitted.retryInMs, token);
        }
        throw new DelayedError();
      }
      const step: TInFlight = { job, token, lease: admitted.lease, handedBack: false };
      inFlight.add(step);
      const began = performance.now();
      try {
        const result = await executeStep({
          store,
          publisher,
          job: payload,
          claimed,
          actions,
          workflows,
          classifier,
          checkAfterMs,
          delivery: Math.max(1, job.attemptsStarted - deferrals),
          // The run's next step goes on here, in the client slot this job holds, while the chain is short
          // and this worker keeps its jobs; otherwise it is published, to be picked up in fair-share order.
          goOn: (_next, steps) => steps < maxChainSteps && performance.now() - began < maxChainMs && !step.handedBack && !worker.isPaused(),
          onStep: (result, seconds, measure) => {
            metrics.stepExecuted(result, seconds, measure);
            onSettled?.(result);
            onRunStep?.(payload, result);
          },
        });
        return result.kind;
      } catch (error) {
        metrics.stepExecuted("error", (performance.now() - began) / 1000);
        throw error;
      } finally {
        inFlight.delete(step);
        // A handed-back job is queued again and still holds its fair-share count.
        if (!step.handedBack) {
          const parked = await slots.leave(step.lease);
          // A wake-up lost here costs the parked job only its fallback delay.
          await wake(payload.clientId, parked).catch(() => {});
        }
      }
    },
    {
      connection,
      prefix,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: Math.max(1000, Math.floor(lockDurationMs / 2)),
      maxStalledCount: 1000,
    },
  );
  return {
    worker,
    /**
     * Puts every step still executing here back on the queue, due now, and
     * frees its slot: for a shutdown that cannot wait for them. The step may
     * then run twice at once (here until the process exits, and on the worker
     * that takes it), which is safe: the executor's claim and settle are
     * compare-and-set on the run's step and attempt, so only one delivery
     * records and advances the run, and side effects carry the step's
     * idempotency key.
     *
     * The move is to "delayed, due now" rather than BullMQ's moveToWait: that
     * re-queues a prioritized job without waking blocked workers, which would
     * then notice it only after their drain delay; the delayed move sets the
     * marker they block on. Neither counts an attempt.
     * @returns how many steps were handed back
     */
    async handBack(): Promise<number> {
      const steps = [...inFlight];
      await Promise.all(
        steps.map(async (step) => {
          step.handedBack = true;
          inFlight.delete(step);
          // Failures here fall back to what a crash gets: stall detection re-delivers the job, the lease lapses.
          await step.job.moveToDelayed(Date.now(), step.token).catch(() => {});
          await slots
            .release(step.lease)
            .then((parked) => wake(step.lease.clientId, parked))
            .catch(() => {});
        }),
      );
      return steps.length;
    },
  };
}
