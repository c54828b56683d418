import { executeStep, STEP_JOB_NAME, type TActionRegistry, type TRunStore, type TStepPublisher, type TStepResult } from "@storeflow/runs";
import { type ConnectionOptions, Worker } from "bullmq";
import { type TFairShare } from "./fair-share";
import { JOBS } from "./jobs";

/** Options for {@link startStepWorker}. */
export interface StartStepWorkerOptions {
  store: TRunStore;
  publisher: TStepPublisher;
  fairShare: TFairShare;
  connection: ConnectionOptions;
  /** BullMQ key prefix; tests give each run its own. @defaultValue "sf" */
  prefix?: string;
  actions: TActionRegistry;
  /** Steps in flight per process. @defaultValue 16 */
  concurrency?: number;
  /**
   * How long a job's lock lives without renewal. A killed worker's jobs are
   * re-delivered after roughly this long. @defaultValue 30000
   */
  lockDurationMs?: number;
  checkAfterMs?: number;
  onSettled?: (result: TStepResult) => void;
}

/**
 * Consumes `run.step` jobs. Stalled jobs (their worker died) are re-delivered
 * rather than failed: the run's state is in PostgreSQL and every side effect is
 * idempotent, so running a step again is safe, while failing it as "stalled"
 * would strand the run until the reconciler noticed.
 */
export function startStepWorker({ store, publisher, fairShare, connection, prefix = "sf", actions, concurrency = 16, lockDurationMs = 30_000, checkAfterMs, onSettled }: StartStepWorkerOptions) {
  const spec = JOBS[STEP_JOB_NAME];
  return new Worker(
    spec.queue,
    async (job) => {
      const payload = spec.schema.parse(job.data);
      try {
        const result = await executeStep({ store, publisher, job: payload, actions, checkAfterMs });
        onSettled?.(result);
        return result.kind;
      } finally {
        await fairShare.release(payload.clientId);
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
}
