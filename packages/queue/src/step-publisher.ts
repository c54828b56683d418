import { STEP_JOB_NAME, stepJobId, type TStepPublisher } from "@storeflow/runs";
import { type Queue } from "bullmq";
import { type TFairShare } from "./fair-share";
import { JOBS } from "./jobs";

/** Publishes step jobs under their deterministic ids, ordered fairly across clients. */
export function createStepPublisher(queue: Queue, fairShare: TFairShare): TStepPublisher {
  const spec = JOBS[STEP_JOB_NAME];
  return {
    async publish(jobs) {
      if (jobs.length === 0) return;
      const priorities = await fairShare.acquire(jobs.map((job) => job.clientId));
      await queue.addBulk(
        jobs.map((job, i) => ({
          name: STEP_JOB_NAME,
          data: job,
          opts: {
            jobId: stepJobId(job),
            priority: priorities[i],
            ...(job.delayMs ? { delay: job.delayMs } : {}),
            attempts: spec.attempts,
            backoff: { type: "exponential", delay: spec.backoffMs },
            removeOnComplete: { count: 1000 },
            removeOnFail: { count: 5000 },
          },
        })),
      );
    },
  };
}
