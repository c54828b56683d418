import { setTimeout as sleep } from "node:timers/promises";
import { STEP_JOB_NAME, ZStepJob, type TActionRegistry, type TRunStore, type TStepPublisher, type TClassifier, type TStepResult, type TWorkflowResolver } from "@storeflow/runs";
import { jobLogger, type TLogger } from "@storeflow/logging";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { Registry } from "prom-client";
import { withActionBudgets } from "./action-budget";
import { createClientLimitsReader } from "./client-limits";
import { createClientSlots, DEFAULT_PARKED_MS } from "./client-slots";
import { createFairShare } from "./fair-share";
import { createFleetMetrics, registerQueueGauges } from "./fleet-metrics";
import { JOBS } from "./jobs";
import { createLiveFeedPublisher, type TLiveFeedPublisher } from "./live-feed";
import { startReconciler } from "./reconciler";
import { createRunStartLimiter } from "./run-start-rate";
import { createStepAdmission } from "./step-admission";
import { type CreateStepPublisherOptions, createStepPublisher } from "./step-publisher";
import { startStepWorker } from "./step-worker";

/** Options for {@link startStepFleet}. */
export interface StartStepFleetOptions {
  store: TRunStore;
  redisUrl: string;
  /** BullMQ key prefix. @defaultValue "sf" */
  prefix?: string;
  actions: TActionRegistry;
  /** The clients' installed workflows, for emit steps. */
  workflows?: TWorkflowResolver;
  /** Answers ai.classify steps. */
  classifier?: TClassifier;
  concurrency?: number;
  /** Job lock duration, and the lease on a client's concurrency slot. @defaultValue 30000 */
  lockDurationMs?: number;
  reconcileEveryMs?: number;
  checkAfterMs?: number;
  /** How long a process trusts a client's limits and pause as read. @defaultValue 5000 */
  clientLimitsCacheMs?: number;
  /** How often a paused client's steps look again (jittered). @defaultValue 10000 */
  pausedRecheckMs?: number;
  /** Longest a step waiting for its client's free slot waits, should its wake-up be lost. @defaultValue 10000 */
  parkedMs?: number;
  /** Where the fleet's metrics go; the app adds process metrics and serves it. @defaultValue a registry of its own */
  registry?: Registry;
  /** Where the fleet logs; a failed job's line comes from a logger naming the job, its tenant and run. */
  logger?: TLogger;
  onSettled?: (result: TStepResult) => void;
  /** Where settled steps go for live views: the process's one publisher, which its run store announces through too. @defaultValue one of its own on the fleet's Redis connection */
  liveFeed?: TLiveFeedPublisher;
}

/** The tenant, run and step a job's data names, for its log lines; nothing when the data is not a step job's. */
function runOf(data: unknown): { partnerId?: string; clientId?: string; runId?: string; stepKey?: string } {
  const job = ZStepJob.pick({ partnerId: true, clientId: true, runId: true, stepKey: true }).safeParse(data);
  return job.success ? job.data : {};
}

/** The publisher, without a worker: what a process that only starts runs needs. */
export function createQueuePublisher({
  redisUrl,
  prefix = "sf",
  parkedMs = DEFAULT_PARKED_MS,
  onStartsHeld,
  onStartPaced,
}: Pick<CreateStepPublisherOptions, "onStartsHeld" | "onStartPaced"> & { redisUrl: string; prefix?: string; parkedMs?: number }) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(JOBS[STEP_JOB_NAME].queue, { connection: redis, prefix });
  return {
    redis,
    queue,
    publisher: createStepPublisher({
      queue,
      fairShare: createFairShare(redis, prefix),
      redis,
      prefix,
      parkedMs,
      ...(onStartsHeld ? { onStartsHeld } : {}),
      ...(onStartPaced ? { onStartPaced } : {}),
    }),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

/**
 * One worker process's share of the fleet: the step worker with its client
 * limits and connection budgets, the publisher it hands follow-up steps to, the
 * reconciler, and their metrics.
 */
export function startStepFleet({
  store,
  redisUrl,
  prefix = "sf",
  actions,
  workflows,
  classifier,
  concurrency,
  lockDurationMs = 30_000,
  reconcileEveryMs,
  checkAfterMs,
  clientLimitsCacheMs,
  pausedRecheckMs,
  parkedMs = DEFAULT_PARKED_MS,
  registry = new Registry(),
  logger,
  onSettled,
  liveFeed,
}: StartStepFleetOptions) {
  const metrics = createFleetMetrics(registry);
  const publishing = createQueuePublisher({ redisUrl, prefix, parkedMs, onStartsHeld: metrics.startsHeld, onStartPaced: metrics.startPaced });
  const { redis, queue, publisher } = publishing;
  queue.on("error", (error) => logger?.error({ error: String(error) }, "queue"));
  const gauges = registerQueueGauges({ registry, redis, prefix });
  const slots = createClientSlots({ redis, prefix, leaseMs: lockDurationMs, parkedMs, onError: (error) => logger?.error({ error: String(error) }, "slot lease renewal") });
  const admission = createStepAdmission({
    limits: createClientLimitsReader({ store, cacheMs: clientLimitsCacheMs, redis, prefix }),
    slots,
    starts: createRunStartLimiter({ redis, prefix, store }),
    pausedRecheckMs,
  });
  const budgeted = withActionBudgets(actions, { redis, prefix, onWait: (seconds) => metrics.budgetWaited(seconds) });
  const stepWorker = startStepWorker({
    store,
    publisher,
    admission,
    slots,
    connection: { url: redisUrl },
    prefix,
    actions: budgeted,
    workflows,
    classifier,
    concurrency,
    lockDurationMs,
    checkAfterMs,
    metrics,
    parkedMs,
    onSettled,
    onRunStep: (liveFeed ?? createLiveFeedPublisher(redis, prefix)).stepSettled,
  });
  const { worker } = stepWorker;
  worker.on("error", (error) => logger?.error({ error: String(error) }, "step worker"));
  worker.on("failed", (job, error) => {
    if (logger) jobLogger(logger, { queue: queue.name, jobId: job?.id, ...runOf(job?.data) }).error({ error: String(error) }, "step job failed");
  });
  const reconciler = startReconciler({
    store,
    publisher,
    queue,
    everyMs: reconcileEveryMs,
    checkAfterMs,
    onRepaired: (count) => logger?.info({ count }, "reconciled runs"),
    onError: (error) => logger?.error({ error: String(error) }, "reconciler"),
  });
  return {
    publisher: publisher satisfies TStepPublisher,
    registry,
    /** Resolves once the worker is connected and fetching. */
    ready: worker.waitUntilReady().then(() => undefined),
    /**
     * Stops fetching and waits for the steps in flight; after `graceMs` (if
     * given) hands those still running back to the queue, where other workers
     * take them at once instead of after their lock expires.
     * @returns how many steps were handed back
     */
    async stop({ graceMs }: { graceMs?: number } = {}): Promise<number> {
      reconciler.stop();
      // pause() stops fetching and resolves once the steps in flight are done (close() cannot be
      // forced once called); forcing the close after a hand-back skips waiting for the steps handed back.
      const drained = worker.pause().then(() => true);
      const inTime = await (graceMs === undefined ? drained : Promise.race([drained, sleep(graceMs, false, { ref: false })]));
      const handedBack = inTime ? 0 : await stepWorker.handBack();
      await worker.close(!inTime);
      slots.stop();
      await gauges.close();
      await publishing.close();
      return handedBack;
    },
  };
}
