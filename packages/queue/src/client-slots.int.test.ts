/** The per-client semaphore on the real Redis, as two processes would share it. */
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { clientKeys } from "./client-keys";
import { createClientSlots } from "./client-slots";
import { createFairShare } from "./fair-share";
import { START_GRID_MS } from "./run-start-rate";
import { testPrefix } from "../test/in-process-fleet";

const redis = new Redis(process.env.REDIS_URL!);
afterAll(() => redis.disconnect());

describe("client slots", () => {
  it("admits up to the limit per client and frees slot and fair-share count on leave", async () => {
    const prefix = testPrefix("slots");
    const [one, other] = [createClientSlots({ redis, prefix, leaseMs: 10_000 }), createClientSlots({ redis, prefix, leaseMs: 10_000 })];
    try {
      // No limit read by a worker yet: nothing is kept, every job goes on.
      expect(await createFairShare(redis, prefix).acquire(["j1", "j2", "j3"].map((jobId) => ({ clientId: "c1", jobId, dueNow: true })))).toEqual([1, 2, 3].map((priority) => ({ priority, fullAt: null, holdMs: 0 })));
      const first = await one.enter("c1", 2, "j1");
      const second = await other.enter("c1", 2, "j2");
      expect(await one.enter("c1", 2, "j3")).toBeNull();
      expect(await other.enter("c2", 2, "k1")).not.toBeNull();
      await other.leave(second!);
      expect(await redis.get(clientKeys(prefix, "c1").fair)).toBe("2");
      expect(await one.enter("c1", 2, "j3")).not.toBeNull();
      await one.release(first!);
      // A release hands the job back to the queue: its fair-share count stays.
      expect(await redis.get(clientKeys(prefix, "c1").fair)).toBe("2");
    } finally {
      one.stop();
      other.stop();
    }
  });

  it("parks jobs beyond the limit and hands each freed slot over to the oldest, which no newer job can take", async () => {
    const prefix = testPrefix("park");
    const [one, other] = [createClientSlots({ redis, prefix, leaseMs: 10_000, parkedMs: 5000 }), createClientSlots({ redis, prefix, leaseMs: 10_000, parkedMs: 5000 })];
    try {
      const held = await one.enter("c1", 1, "job-0");
      expect(await other.enter("c1", 1, "job-a")).toBeNull();
      expect(await other.park("c1", "job-a", 1)).toBe(true);
      expect(await one.park("c1", "job-b", 1)).toBe(true);
      expect(await redis.pttl(clientKeys(prefix, "c1").parked)).toBeGreaterThan(4000);
      expect(await one.leave(held!)).toBe("job-a");
      // The slot is job-a's now: a job that comes first is turned away and parks behind job-b.
      expect(await other.enter("c1", 1, "job-c")).toBeNull();
      expect(await other.park("c1", "job-c", 1)).toBe(true);
      const woken = await other.enter("c1", 1, "job-a");
      expect(woken).not.toBeNull();
      // job-b could not be promoted: the slot kept for it passes on to job-c.
      expect(await one.leave(woken!)).toBe("job-b");
      expect(await one.nextParked("c1", "job-b")).toBe("job-c");
      expect(await one.nextParked("c1", "job-c")).toBeNull();
      // Nobody was left parked: the slot is free for anyone, and a job turned away before is told to promote itself.
      expect(await other.park("c1", "job-d", 1)).toBe(false);
      expect(await one.enter("c1", 1, "job-e")).toBeNull();
      expect(await one.enter("c1", 1, "job-d")).not.toBeNull();
    } finally {
      one.stop();
      other.stop();
    }
  });

  it("keeps a publisher's free slots for the jobs it sends on, and tells it to park the rest", async () => {
    const prefix = testPrefix("kept");
    const slots = createClientSlots({ redis, prefix, leaseMs: 10_000 });
    try {
      await redis.set(clientKeys(prefix, "c1").limit, 2);
      const held = await slots.enter("c1", 2, "job-0");
      const jobs = [
        { clientId: "c1", jobId: "delayed", dueNow: false },
        { clientId: "c1", jobId: "job-a", dueNow: true },
        { clientId: "c1", jobId: "job-b", dueNow: true },
      ];
      // One slot free: the delayed job needs none, job-a is kept it, job-b is turned away at the limit.
      expect((await createFairShare(redis, prefix).acquire(jobs)).map((share) => share.fullAt)).toEqual([null, null, 2]);
      expect(await slots.enter("c1", 2, "job-b")).toBeNull();
      expect(await slots.enter("c1", 2, "job-a")).not.toBeNull();
      await slots.leave(held!);
      expect(await slots.enter("c1", 2, "job-b")).not.toBeNull();
    } finally {
      slots.stop();
    }
  });

  it("holds a run start past its client's posted rate in the same call, and keeps a slot only for what goes now", async () => {
    const prefix = testPrefix("held-start");
    const keys = clientKeys(prefix, "c1");
    // A worker has posted a limit of 3 steps and 60 runs a minute: a bucket of one start, one more a second.
    await redis.set(keys.limit, 3);
    await redis.set(keys.startRate, 60);
    const fairShare = createFairShare(redis, prefix);
    const jobs = [
      { clientId: "c1", jobId: "start-1", dueNow: true, runStart: "run-1" },
      { clientId: "c1", jobId: "start-2", dueNow: true, runStart: "run-2" },
      { clientId: "c1", jobId: "step-3", dueNow: true },
      { clientId: "c2", jobId: "other-start", dueNow: true, runStart: "run-9" },
    ];
    const shares = await fairShare.acquire(jobs);
    expect(shares.map((share) => share.holdMs > 0)).toEqual([false, true, false, false]);
    // Its token is a second away at most, and it falls due on the grid held starts share.
    expect(shares[1]!.holdMs).toBeLessThanOrEqual(1000 + START_GRID_MS);
    expect(Number(await redis.zscore(keys.startsReserved, "run-2")) % START_GRID_MS).toBe(0);
    expect(shares.map((share) => share.fullAt)).toEqual([null, null, null, null]);
    // The held start is not kept a slot; the two that go now are.
    expect((await redis.zrange(keys.slots, 0, -1)).sort()).toEqual(["job:start-1", "job:step-3"]);
    // Published again (a re-sent batch), the held start keeps its reservation rather than queueing for another token.
    const [again] = await fairShare.acquire([jobs[1]!]);
    expect(again!.holdMs).toBeGreaterThan(0);
    expect(again!.holdMs).toBeLessThanOrEqual(shares[1]!.holdMs);
    expect(await redis.zcard(keys.startsReserved)).toBe(2);
  });

  it("lets a crashed worker's lease lapse after leaseMs while a live worker's is renewed", async () => {
    const prefix = testPrefix("lapse");
    const crashed = createClientSlots({ redis, prefix, leaseMs: 400 });
    const live = createClientSlots({ redis, prefix, leaseMs: 400 });
    try {
      expect(await crashed.enter("c1", 2, "j1")).not.toBeNull();
      crashed.stop(); // no more renewals, as if the process had died
      expect(await live.enter("c1", 2, "j2")).not.toBeNull();
      expect(await live.enter("c1", 2, "j3")).toBeNull();
      await sleep(700);
      // The crashed lease lapsed; the live one, renewed, still holds its slot.
      expect(await live.enter("c1", 2, "j3")).not.toBeNull();
      expect(await live.enter("c1", 2, "j4")).toBeNull();
    } finally {
      crashed.stop();
      live.stop();
    }
  });
});
