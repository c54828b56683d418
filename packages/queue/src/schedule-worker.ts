import { fireSchedule, type TRunStore, type TScheduleFiring, type TScheduleRef, type TStepPublisher } from "@storeflow/runs";
import { jobLogger, type TLogger } from "@storeflow/logging";
import { UnrecoverableError, Worker } from "bullmq";
import { JOBS, SCHEDULE_JOB_NAME } from "./jobs";
import { createScheduleMirror, type TScheduleSyncPass } from "./schedule-mirror";

/** Options for {@link startScheduleWorker}. */
export interface StartScheduleWorkerOptions {
  store: TRunStore;
  /** Where the runs' first steps go: the step fleet's publisher. */
  publisher: TStepPublisher;
  redisUrl: string;
  /** BullMQ key prefix. @defaultValue "sf" */
  prefix?: string;
  /**
   * How often every schedule is mirrored into the queue again, after a first
   * pass at start; this picks up schedules changed while no sync hook reached
   * the queue. @defaultValue 60000
   */
  syncEveryMs?: number;
  /** Slots fired at once per process. @defaultValue 4 */
  concurrency?: number;
  checkAfterMs?: number;
  /** Where the schedules log; a failed firing's line comes from a logger naming its job. */
  logger?: TLogger;
  /** Called as each slot is fired. */
  onFired?: (slot: TScheduleRef & { slotMs: number }, firing: TScheduleFiring) => void;
}

/**
 * Fires workflow schedules on one worker process: a BullMQ worker for the
 * job schedulers' slot jobs, and the periodic sync that keeps those schedulers
 * equal to the schedules table.
 */
export function startScheduleWorker({ store, publisher, redisUrl, prefix = "sf", syncEveryMs = 60_000, concurrency = 4, checkAfterMs, logger, onFired }: StartScheduleWorkerOptions) {
  const spec = JOBS[SCHEDULE_JOB_NAME];
  const mirror = createScheduleMirror({ store, redisUrl, prefix });
  mirror.queue.on("error", (error) => logger?.error({ error: String(error) }, "schedule queue"));
  const worker = new Worker(
    spec.queue,
    async (job) => {
      const ref = spec.schema.parse(job.data);
      // The scheduler stamps each job with the slot it was made for; retries and re-deliveries keep it.
      const slotMs = job.opts.prevMillis;
      if (slotMs === undefined) throw new UnrecoverableError(`job ${job.id} was not made by a job scheduler`);
      const firing = await fireSchedule({ store, publisher, ...ref, slotMs, checkAfterMs });
      // Deleted, disabled, or its client archived since the last sync: drop its scheduler now.
      if (!firing.fired) await mirror.syncSchedule(ref);
      onFired?.({ ...ref, slotMs }, firing);
      return firing;
    },
    { connection: { url: redisUrl }, prefix, concurrency },
  );
  worker.on("error", (error) => logger?.error({ error: String(error) }, "schedule worker"));
  worker.on("failed", (job, error) => {
    if (logger) jobLogger(logger, { queue: spec.queue, jobId: job?.id }).error({ scheduleId: job?.data.scheduleId, slot: job?.opts.prevMillis, error: String(error) }, "schedule firing failed");
  });

  const report = ({ upserted, removed, failed }: TScheduleSyncPass) => {
    if (upserted + removed > 0) logger?.info({ upserted, removed }, "synced schedules");
    for (const { scheduleId, error } of failed) logger?.error({ scheduleId, error: String(error) }, "schedule sync");
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // A pass never overlaps the previous one in the same process.
  const pass = async () => {
    try {
      report(await mirror.syncAll());
    } catch (error) {
      logger?.error({ error: String(error) }, "schedule sync");
    }
    if (!stopped) timer = setTimeout(() => void (passing = pass()), syncEveryMs);
  };
  let passing = pass();

  return {
    /** Mirrors one schedule at once: the sync hook for the schedule actions (`TScheduleSync`). */
    syncSchedule: mirror.syncSchedule,
    /** Reconciles every schedule now. */
    syncAll: mirror.syncAll,
    /** Resolves once the worker is fetching and the first sync pass is done. */
    ready: Promise.all([worker.waitUntilReady(), passing]).then(() => undefined),
    /** Stops syncing and fetching, and waits for the slots being fired. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await passing;
      await worker.close();
      await mirror.close();
    },
  };
}
