import { findFiringSchedule, listFiringSchedules, type TRunStore, type TScheduleRef, type TScheduleTiming } from "@storeflow/runs";
import { type JobSchedulerJson, Queue } from "bullmq";
import { Redis } from "ioredis";
import { JOBS, SCHEDULE_JOB_NAME } from "./jobs";

/** Options for {@link createScheduleMirror}. */
export interface CreateScheduleMirrorOptions {
  store: TRunStore;
  redisUrl: string;
  /** BullMQ key prefix; every process that mirrors or fires schedules must agree. @defaultValue "sf" */
  prefix?: string;
}

/** What one pass of {@link TScheduleMirror.syncAll} changed, and the schedules it could not mirror. */
export interface TScheduleSyncPass {
  upserted: number;
  removed: number;
  failed: { scheduleId: string; error: unknown }[];
}

/** Its `syncSchedule` makes it the schedule actions' sync hook (`TScheduleSync` in @storeflow/runs). */
export type TScheduleMirror = ReturnType<typeof createScheduleMirror>;

const mirrors = (scheduler: JobSchedulerJson | undefined, timing: TScheduleTiming) => scheduler?.pattern === timing.cron && scheduler.tz === timing.timezone;

/**
 * Keeps one BullMQ job scheduler per firing schedule, keyed by the schedule id,
 * with the schedule's cron as its pattern read in the schedule's zone. A
 * scheduler keeps exactly one job for its next slot, taken by one worker of the
 * fleet, and the worker that takes it queues the slot after: that is what makes
 * each slot fire once however many workers listen.
 *
 * An unchanged scheduler is never upserted again: an upsert replaces the slot's
 * job and recomputes the next slot from now, which would drop a slot already due
 * but not yet taken.
 */
export function createScheduleMirror({ store, redisUrl, prefix = "sf" }: CreateScheduleMirrorOptions) {
  const spec = JOBS[SCHEDULE_JOB_NAME];
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(spec.queue, { connection: redis, prefix });

  const upsert = async ({ cron, timezone, ...ref }: TScheduleTiming) => {
    await queue.upsertJobScheduler(
      ref.scheduleId,
      { pattern: cron, tz: timezone },
      {
        name: SCHEDULE_JOB_NAME,
        data: ref satisfies TScheduleRef,
        opts: { attempts: spec.attempts, backoff: { type: "exponential", delay: spec.backoffMs }, removeOnComplete: true, removeOnFail: { count: 1000 } },
      },
    );
  };

  return {
    queue,
    /** Mirrors one schedule as its row now stands: upserted if it fires and differs, removed if it no longer fires. */
    async syncSchedule(ref: TScheduleRef): Promise<void> {
      const timing = await findFiringSchedule(store, ref);
      if (!timing) {
        await queue.removeJobScheduler(ref.scheduleId);
        return;
      }
      if (!mirrors(await queue.getJobScheduler(ref.scheduleId), timing)) await upsert(timing);
    },
    /**
     * Reconciles every scheduler with every firing schedule: adds the missing,
     * updates the changed, removes the stale. Workers run it at once; their
     * changes are the same and BullMQ's upsert and remove are atomic.
     */
    async syncAll(): Promise<TScheduleSyncPass> {
      // Schedulers are read before the rows: a schedule created between the two
      // reads is then upserted twice, harmlessly, instead of removed as stale.
      const schedulers = new Map((await queue.getJobSchedulers()).map((scheduler) => [scheduler.key, scheduler]));
      const timings = await listFiringSchedules(store);
      const pass: TScheduleSyncPass = { upserted: 0, removed: 0, failed: [] };
      const attempt = async (scheduleId: string, change: () => Promise<void>) => {
        try {
          await change();
          return true;
        } catch (error) {
          pass.failed.push({ scheduleId, error });
          return false;
        }
      };
      for (const timing of timings) {
        if (!mirrors(schedulers.get(timing.scheduleId), timing) && (await attempt(timing.scheduleId, () => upsert(timing)))) pass.upserted++;
        schedulers.delete(timing.scheduleId);
      }
      for (const stale of schedulers.keys()) {
        if (await attempt(stale, () => queue.removeJobScheduler(stale).then(() => undefined))) pass.removed++;
      }
      return pass;
    },
    async close(): Promise<void> {
      await queue.close();
      redis.disconnect();
    },
  };
}
