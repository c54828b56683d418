/** The per-client semaphore on the real Redis, as two processes would share it. */
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { clientKeys } from "./client-keys";
import { createClientSlots } from "./client-slots";
import { createFairShare } from "./fair-share";
import { testPrefix } from "../test/in-process-fleet";

const redis = new Redis(process.env.REDIS_URL!);
afterAll(() => redis.disconnect());

describe("client slots", () => {
  it("admits up to the limit per client and frees slot and fair-share count on leave", async () => {
    const prefix = testPrefix("slots");
    const [one, other] = [createClientSlots({ redis, prefix, leaseMs: 10_000 }), createClientSlots({ redis, prefix, leaseMs: 10_000 })];
    try {
      await createFairShare(redis, prefix).acquire(["c1", "c1", "c1"]);
      const first = await one.enter("c1", 2);
      const second = await other.enter("c1", 2);
      expect(await one.enter("c1", 2)).toBeNull();
      expect(await other.enter("c2", 2)).not.toBeNull();
      await other.leave(second!);
      expect(await redis.get(clientKeys(prefix, "c1").fair)).toBe("2");
      expect(await one.enter("c1", 2)).not.toBeNull();
      await one.release(first!);
      // A release hands the job back to the queue: its fair-share count stays.
      expect(await redis.get(clientKeys(prefix, "c1").fair)).toBe("2");
    } finally {
      one.stop();
      other.stop();
    }
  });

  it("parks jobs beyond the limit and hands them out oldest first as slots free, unless a slot is free already", async () => {
    const prefix = testPrefix("park");
    const [one, other] = [createClientSlots({ redis, prefix, leaseMs: 10_000, parkedMs: 5000 }), createClientSlots({ redis, prefix, leaseMs: 10_000, parkedMs: 5000 })];
    try {
      const held = await one.enter("c1", 1);
      expect(await other.enter("c1", 1)).toBeNull();
      expect(await other.park("c1", "job-a", 1)).toBe(true);
      expect(await one.park("c1", "job-b", 1)).toBe(true);
      expect(await redis.pttl(clientKeys(prefix, "c1").parked)).toBeGreaterThan(4000);
      expect(await one.leave(held!)).toBe("job-a");
      // The slot just freed: a job turned away before it is told to promote itself rather than park.
      expect(await other.park("c1", "job-c", 1)).toBe(false);
      expect(await other.nextParked("c1")).toBe("job-b");
      expect(await other.nextParked("c1")).toBeNull();
      expect(await one.leave((await one.enter("c1", 1))!)).toBeNull();
    } finally {
      one.stop();
      other.stop();
    }
  });

  it("lets a crashed worker's lease lapse after leaseMs while a live worker's is renewed", async () => {
    const prefix = testPrefix("lapse");
    const crashed = createClientSlots({ redis, prefix, leaseMs: 400 });
    const live = createClientSlots({ redis, prefix, leaseMs: 400 });
    try {
      expect(await crashed.enter("c1", 2)).not.toBeNull();
      crashed.stop(); // no more renewals, as if the process had died
      expect(await live.enter("c1", 2)).not.toBeNull();
      expect(await live.enter("c1", 2)).toBeNull();
      await sleep(700);
      // The crashed lease lapsed; the live one, renewed, still holds its slot.
      expect(await live.enter("c1", 2)).not.toBeNull();
      expect(await live.enter("c1", 2)).toBeNull();
    } finally {
      crashed.stop();
      live.stop();
    }
  });
});
