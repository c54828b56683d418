import { STEP_JOB_NAME, type TActionRegistry, type TRunStore, type TStepPublisher, type TStepResult } from "@storeflow/runs";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createFairShare } from "./fair-share";
import { JOBS } from "./jobs";
import { startReconciler } from "./reconciler";
import { createStepPublisher } from "./step-publisher";
import { startStepWorker } from "./step-worker";

/** Options for {@link startStepFleet}. */
export interface StartStepFleetOptions {
  store: TRunStore;
  redisUrl: string;
  /** BullMQ key prefix. @defaultValue "sf" */
  prefix?: string;
  actions: TActionRegistry;
  concurrency?: number;
  lockDurationMs?: number;
  reconcileEveryMs?: number;
  checkAfterMs?: number;
  log?: (level: "info" | "error", msg: string, extra?: Record<string, unknown>) => void;
  onSettled?: (result: TStepResult) => void;
}

/** The publisher, without a worker: what a process that only starts runs needs. */
export function createQueuePublisher({ redisUrl, prefix = "sf" }: { redisUrl: string; prefix?: string }) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(JOBS[STEP_JOB_NAME].queue, { connection: redis, prefix });
  const fairShare = createFairShare(redis, prefix);
  return {
    queue,
    fairShare,
    publisher: createStepPublisher(queue, fairShare),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

/**
 * One worker process's share of the fleet: the step worker, the publisher it
 * hands follow-up steps to, and the reconciler. `stop` stops fetching, waits for
 * the steps in flight, then closes connections.
 */
export function startStepFleet({ store, redisUrl, prefix = "sf", actions, concurrency, lockDurationMs, reconcileEveryMs, checkAfterMs, log, onSettled }: StartStepFleetOptions) {
  const publishing = createQueuePublisher({ redisUrl, prefix });
  const { queue, fairShare, publisher } = publishing;
  queue.on("error", (error) => log?.("error", "queue", { error: String(error) }));
  const worker = startStepWorker({ store, publisher, fairShare, connection: { url: redisUrl }, prefix, actions, concurrency, lockDurationMs, checkAfterMs, onSettled });
  worker.on("error", (error) => log?.("error", "step worker", { error: String(error) }));
  worker.on("failed", (job, error) => log?.("error", "step job failed", { jobId: job?.id, error: String(error) }));
  const reconciler = startReconciler({
    store,
    publisher,
    queue,
    everyMs: reconcileEveryMs,
    checkAfterMs,
    onRepaired: (count) => log?.("info", "reconciled runs", { count }),
    onError: (error) => log?.("error", "reconciler", { error: String(error) }),
  });
  return {
    publisher: publisher satisfies TStepPublisher,
    /** Resolves once the worker is connected and fetching. */
    ready: worker.waitUntilReady().then(() => undefined),
    async stop() {
      reconciler.stop();
      await worker.close();
      await publishing.close();
    },
  };
}
