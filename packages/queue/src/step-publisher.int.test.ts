/** Publishing for a client with no free slot: the job is parked at once, and the slot's next leaver wakes it. */
import { randomUUID } from "node:crypto";
import { stepJobId, type TStepJob } from "@storeflow/runs";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { testPrefix } from "../test/in-process-fleet";
import { clientKeys } from "./client-keys";
import { createClientSlots } from "./client-slots";
import { createFairShare } from "./fair-share";
import { PACED_STARTS_PER_WINDOW, PACING_WINDOW_MS } from "./start-pacing";
import { createStepPublisher } from "./step-publisher";

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
afterAll(() => redis.disconnect());

const job = (clientId: string, stepKey = "one"): TStepJob => ({ partnerId: randomUUID(), clientId, runId: randomUUID(), stepKey, iteration: 0, attempt: 1, generation: 0 });

describe("step publisher", () => {
  it("parks a job due now whose client's slots are full, queues others as usual, and the next leaver gets it to promote", async () => {
    const prefix = testPrefix("publish");
    const queue = new Queue("{runs}", { connection: redis, prefix });
    const slots = createClientSlots({ redis, prefix, leaseMs: 10_000, parkedMs: 60_000 });
    const publisher = createStepPublisher({ queue, fairShare: createFairShare(redis, prefix), redis, prefix, parkedMs: 60_000 });
    try {
      await redis.set(clientKeys(prefix, "busy").limit, 1);
      const lease = await slots.enter("busy", 1, "holder");
      const [full, later, elsewhere, unknown] = [job("busy"), { ...job("busy"), delayMs: 5000 }, job("idle"), job("unlisted")];
      await redis.set(clientKeys(prefix, "idle").limit, 1);
      await redis.set(clientKeys(prefix, "roomy").limit, 2);
      const roomy = [job("roomy"), job("roomy"), job("roomy")];
      await publisher.publish([full, later, elsewhere, unknown, ...roomy]);

      expect(await queue.getJobState(stepJobId(full))).toBe("delayed");
      expect(await queue.getJobState(stepJobId(later))).toBe("delayed");
      // A client with a free slot, or whose limit no worker has posted, is queued at once.
      expect(await queue.getJobState(stepJobId(elsewhere))).toBe("prioritized");
      expect(await queue.getJobState(stepJobId(unknown))).toBe("prioritized");
      expect(await redis.lrange(clientKeys(prefix, "busy").parked, 0, -1)).toEqual([stepJobId(full)]);
      // A batch takes only the slots free: the third of a client limited to two waits parked, its first two keep their slots.
      expect(await Promise.all(roomy.map((one) => queue.getJobState(stepJobId(one))))).toEqual(["prioritized", "prioritized", "delayed"]);
      expect(await redis.lrange(clientKeys(prefix, "roomy").parked, 0, -1)).toEqual([stepJobId(roomy[2]!)]);
      expect(await slots.enter("roomy", 2, "newcomer")).toBeNull();
      expect(await slots.enter("roomy", 2, stepJobId(roomy[0]!))).not.toBeNull();

      expect(await slots.leave(lease!)).toBe(stepJobId(full));
    } finally {
      slots.stop();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it("paces a client's further starts once its sends find them held back for its rate over a second, and not another's", async () => {
    const prefix = testPrefix("admit");
    const queue = new Queue("{runs}", { connection: redis, prefix });
    const publisher = createStepPublisher({ queue, fairShare: createFairShare(redis, prefix), redis, prefix });
    const startJob = (clientId: string) => ({ ...job(clientId), runStart: true as const });
    // How long each of a window's worth and one more starts of the client waited to be admitted, the longest.
    const longestWait = async (clientId: string) => {
      const asked = performance.now();
      const waits = await Promise.all(Array.from({ length: PACED_STARTS_PER_WINDOW + 1 }, () => publisher.admitStart!(clientId, async () => performance.now() - asked)));
      return Math.max(...waits);
    };
    try {
      // A start a second: the third of three at once is held about two seconds.
      await redis.set(clientKeys(prefix, "flooding").startRate, 60);
      await redis.set(clientKeys(prefix, "brisk").startRate, 60_000);
      await publisher.publish([startJob("flooding"), startJob("flooding"), startJob("flooding"), startJob("brisk"), startJob("brisk")]);
      expect(await queue.getJobCountByTypes("delayed")).toBeGreaterThanOrEqual(2);

      const [flooding, brisk, unlisted] = await Promise.all([longestWait("flooding"), longestWait("brisk"), longestWait("unlisted")]);
      expect(flooding).toBeGreaterThanOrEqual(PACING_WINDOW_MS / 2);
      expect(brisk).toBeLessThan(PACING_WINDOW_MS / 2);
      expect(unlisted).toBeLessThan(PACING_WINDOW_MS / 2);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
