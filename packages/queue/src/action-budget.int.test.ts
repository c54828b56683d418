/**
 * Connection budgets: a connector declares a token bucket per connection; two
 * step fleets (as two worker processes) share each client's bucket in Redis, so
 * the far end never sees more calls than the bucket allows, whoever makes them.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, type TActionRegistry, type TRunStore } from "@storeflow/runs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActionBudgets } from "./action-budget";
import { actionChain, metricSum, runStatuses, startFleets, startRuns, testPrefix } from "../test/in-process-fleet";
import { waitUntil } from "../test/fleet";

const state = useTestTenants();
let store: TRunStore;
let redis: Redis;
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 8 });
  redis = new Redis(process.env.REDIS_URL!);
});
afterAll(async () => {
  redis?.disconnect();
  await store?.close();
});

const BUDGET = { capacity: 5, refillPerSecond: 10 };

/** `shop.get` is metered: the bucket allows 5 calls at once, then 10 a second. */
function meteredActions(calls: { clientId: string; at: number }[]): TActionRegistry {
  return {
    resolve: (connection, operation) =>
      connection === "shop" && operation === "get"
        ? async ({ run }) => {
            calls.push({ clientId: run.clientId, at: performance.now() });
            return null;
          }
        : undefined,
    budget: async ({ connection }) => (connection === "shop" ? BUDGET : undefined),
  };
}

/** The most calls in any window of `windowMs` starting at a call. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("connection budgets", () => {
  it("keeps 40 calls of one client from two workers within the bucket, and another client's bucket apart", { timeout: 60_000 }, async () => {
    const { adminDb } = state.t;
    const metered = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
    const other = { partnerId: state.tenants.partnerB.id, clientId: state.tenants.clientB1.id };
    const calls: { clientId: string; at: number }[] = [];
    const fleet = await startFleets(2, { store, redisUrl: process.env.REDIS_URL!, prefix: testPrefix("budget"), actions: meteredActions(calls), concurrency: 24 });
    try {
      const { publisher } = fleet.fleets[0]!;
      const definition = actionChain("test.metered", ["get"], { connection: "shop", operation: "get" });
      const meteredRuns = await startRuns({ store, publisher, scope: metered, definition, bindings: ["shop"], count: 40, tag: "metered" });
      const otherRuns = await startRuns({ store, publisher, scope: other, definition, bindings: ["shop"], count: 5, tag: "other" });
      const allRuns = [...meteredRuns, ...otherRuns];
      expect(await waitUntil(async () => (await runStatuses(adminDb, allRuns)).succeeded === allRuns.length, { timeoutMs: 30_000 })).toBe(true);

      const times = calls.filter((c) => c.clientId === metered.clientId).map((c) => c.at);
      expect(times).toHaveLength(40);
      // A bucket lets through at most capacity + refill × window in any window.
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(BUDGET.capacity + BUDGET.refillPerSecond);
      expect(busiestWindow(times, 500)).toBeLessThanOrEqual(BUDGET.capacity + BUDGET.refillPerSecond / 2);
      const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
      expect(spanSeconds).toBeGreaterThanOrEqual((40 - BUDGET.capacity) / BUDGET.refillPerSecond - 0.2);
      // The other client's five calls fit its own full bucket: none waited behind the metered client.
      const otherTimes = calls.filter((c) => c.clientId === other.clientId).map((c) => c.at);
      expect(otherTimes).toHaveLength(5);
      expect(Math.max(...otherTimes)).toBeLessThan(Math.max(...times) - 1000);

      const waits = await metricSum(fleet.registries, "storeflow_action_budget_waits_total");
      const waitSeconds = await metricSum(fleet.registries, "storeflow_action_budget_wait_seconds_total");
      expect(waits).toBeGreaterThanOrEqual(20);
      expect(waitSeconds).toBeGreaterThan(1);
      console.log(`budget: 40 calls over ${spanSeconds.toFixed(2)} s, busiest 1 s window ${busiestWindow(times, 1000)}, ${waits} waits, ${waitSeconds.toFixed(2)} s waited`);
    } finally {
      await fleet.stop();
    }
  });

  it("gives up waiting for a token when the call's signal aborts, without calling the far end", async () => {
    let called = 0;
    const registry = withActionBudgets(
      {
        resolve: () => async () => ++called,
        budget: async () => ({ capacity: 1, refillPerSecond: 0.2 }),
      },
      { redis, prefix: testPrefix("abort") },
    );
    const handler = registry.resolve("shop", "get")!;
    const call = (signal: AbortSignal) => handler({ connection: "shop", operation: "get", input: {}, idempotencyKey: "k", run: { id: "r", partnerId: "p", clientId: "c" }, signal });
    expect(await call(new AbortController().signal)).toBe(1);
    const started = performance.now();
    await expect(call(AbortSignal.timeout(150))).rejects.toThrow(/aborted/i);
    expect(performance.now() - started).toBeLessThan(1000);
    await sleep(50);
    expect(called).toBe(1);
  });
});
