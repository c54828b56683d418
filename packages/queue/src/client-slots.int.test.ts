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
  it("admits up to the limit per client, reports the backlog beyond it, and frees slot and fair-share count on leave", async () => {
    const prefix = testPrefix("slots");
    const [one, other] = [createClientSlots({ redis, prefix, leaseMs: 10_000 }), createClientSlots({ redis, prefix, leaseMs: 10_000 })];
    try {
      await createFairShare(redis, prefix).acquire(["c1", "c1", "c1"]);
      const first = await one.enter("c1", 2);
      const second = await other.enter("c1", 2);
      expect(await one.enter("c1", 2)).toEqual({ backlog: 3 });
      expect("lease" in (await other.enter("c2", 2))).toBe(true);
      if (!("lease" in first) || !("lease" in second)) throw new Error("both should have been admitted");
      await other.leave(second.lease);
      expect(await redis.get(clientKeys(prefix, "c1").fair)).toBe("2");
      expect("lease" in (await one.enter("c1", 2))).toBe(true);
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
      expect("lease" in (await crashed.enter("c1", 2))).toBe(true);
      crashed.stop(); // no more renewals, as if the process had died
      expect("lease" in (await live.enter("c1", 2))).toBe(true);
      expect(await live.enter("c1", 2)).toEqual({ backlog: 0 });
      await sleep(700);
      // The crashed lease lapsed; the live one, renewed, still holds its slot.
      expect("lease" in (await live.enter("c1", 2))).toBe(true);
      expect(await live.enter("c1", 2)).toEqual({ backlog: 0 });
    } finally {
      crashed.stop();
      live.stop();
    }
  });
});
