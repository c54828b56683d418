import { STEP_JOB_NAME, stepJobId, type TStepPublisher } from "@storeflow/runs";
import { Job, type Queue } from "bullmq";
import { type Redis } from "ioredis";
import { DEFAULT_PARKED_MS, parkJob } from "./client-slots";
import { type TFairShare } from "./fair-share";
import { JOBS } from "./jobs";

/** Options for {@link createStepPublisher}. */
export interface CreateStepPublisherOptions {
  queue: Queue;
  fairShare: TFairShare;
  /** The connection and key prefix of the clients' slots. */
  redis: Redis;
  prefix: string;
  /** See CreateClientSlotsOptions.parkedMs; the fleet's value. @defaultValue DEFAULT_PARKED_MS */
  parkedMs?: number;
}

/**
 * Publishes step jobs under their deterministic ids, ordered fairly across
 * clients. A job due now whose client has no free slot is parked straight
 * away (added delayed, and promoted by the step that next frees a slot), so a
 * client flooding the fleet past its limit costs the workers nothing until
 * its jobs can run, rather than one pick-up and deferral each.
 */
export function createStepPublisher({ queue, fairShare, redis, prefix, parkedMs = DEFAULT_PARKED_MS }: CreateStepPublisherOptions): TStepPublisher {
  const spec = JOBS[STEP_JOB_NAME];
  return {
    async publish(jobs) {
      if (jobs.length === 0) return;
      const shares = await fairShare.acquire(jobs.map((job) => job.clientId));
      const parking = jobs.map((job, i) => (!job.delayMs && shares[i]!.fullAt !== null ? shares[i]!.fullAt : null));
      await queue.addBulk(
        jobs.map((job, i) => ({
          name: STEP_JOB_NAME,
          data: job,
          opts: {
            jobId: stepJobId(job),
            priority: shares[i]!.priority,
            ...(parking[i] !== null ? { delay: parkedMs } : job.delayMs ? { delay: job.delayMs } : {}),
            attempts: spec.attempts,
            backoff: { type: "exponential", delay: spec.backoffMs },
            removeOnComplete: { count: 1000 },
            removeOnFail: { count: 5000 },
          },
        })),
      );
      await Promise.all(
        jobs.map(async (job, i) => {
          const limit = parking[i];
          if (limit === null || limit === undefined) return;
          const jobId = stepJobId(job);
          // A slot freed meanwhile: nobody will wake the job, so it goes now.
          if (!(await parkJob(redis, prefix, { clientId: job.clientId, jobId, limit, parkedMs }))) await (await Job.fromId(queue, jobId))?.promote();
        }),
      );
    },
  };
}
