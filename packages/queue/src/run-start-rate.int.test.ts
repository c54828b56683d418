/**
 * Run-start rate limits: a client's runs_per_minute holds the first steps of
 * its runs to that rate across worker processes (a token bucket in Redis),
 * deferring them, never dropping them; later steps, and other clients, go on.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, STEP_JOB_NAME, type TActionRegistry, type TRunStore } from "@storeflow/runs";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionChain, metricSum, runStatuses, startFleets, startRuns, testPrefix } from "../test/in-process-fleet";
import { waitUntil } from "../test/fleet";
import { JOBS } from "./jobs";
import { createQueuePublisher } from "./step-fleet";
import { createRunStartLimiter, START_GRID_MS } from "./run-start-rate";

const state = useTestTenants();
let store: TRunStore;
const redises: Redis[] = [];
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 8 });
});
afterAll(async () => {
  for (const redis of redises) redis.disconnect();
  await store?.close();
});

function connect(): Redis {
  const redis = new Redis(process.env.REDIS_URL!);
  redises.push(redis);
  return redis;
}

interface TCall {
  clientId: string;
  runId: string;
  step: string;
  start: number;
  end: number;
}

// Longer than a job's chain may run (250 ms), so each run's second step goes back through the queue and its admission.
const HOLD_MS = 300;

function holdActions(calls: TCall[]): TActionRegistry {
  return {
    resolve: (connection, operation) =>
      connection === "probe" && operation === "hold"
        ? async ({ run, idempotencyKey }) => {
            const start = performance.now();
            await sleep(HOLD_MS);
            calls.push({ clientId: run.clientId, runId: run.id, step: idempotencyKey.split(":")[1]!, start, end: performance.now() });
            return null;
          }
        : undefined,
  };
}

/** The most of `times` in any window of `windowMs` starting at one of them. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("run-start rate limit", () => {
  it("reserves one start per run from a bucket the worker processes share, and leaves later steps alone", async () => {
    const prefix = testPrefix("starts");
    const options = { store, prefix, horizonMs: 2500 };
    const [one, two] = [createRunStartLimiter({ ...options, redis: connect() }), createRunStartLimiter({ ...options, redis: connect() })];
    const { partnerA, clientA1, clientA2 } = state.tenants;
    const start = (runId: string, clientId = clientA1.id) => ({ partnerId: partnerA.id, clientId, runId, iteration: 0, attempt: 1 });
    const [r1, r2, r3, r4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

    expect(await one.waitMs(start(r1), 60)).toBe(0);
    // The bucket holds one second's worth (one start) and refills one a second, whichever process asks.
    const r2Wait = await two.waitMs(start(r2), 60);
    expect(r2Wait).toBeGreaterThan(900);
    // Up to a second for the token, rounded up to the grid held starts fall due on.
    expect(r2Wait).toBeLessThanOrEqual(1000 + START_GRID_MS);
    // Asking again finds the run's reservation rather than taking another token.
    expect(await one.waitMs(start(r2), 60)).toBeLessThanOrEqual(r2Wait);
    expect(await one.waitMs(start(r3), 60)).toBeGreaterThan(1900);
    // Past the horizon nothing is reserved: the start looks again later (about a horizon, jittered).
    const r4Wait = await two.waitMs(start(r4), 60);
    expect(r4Wait).toBeGreaterThanOrEqual(0.5 * 2500);
    expect(r4Wait).toBeLessThanOrEqual(1.5 * 3500);

    // A retry, a later iteration, a run that has recorded a step (its first step failed), another client: no token.
    expect(await one.waitMs({ ...start(r4), attempt: 2 }, 60)).toBe(0);
    expect(await one.waitMs({ ...start(r4), iteration: 1 }, 60)).toBe(0);
    const failedRunId = state.tenants.failedRunIds.a1;
    await state.t.adminDb.stepRun.create({ data: { id: randomUUID(), partnerId: partnerA.id, clientId: clientA1.id, runId: failedRunId, stepKey: "refund", attempt: 1, status: "failed" } });
    expect(await one.waitMs(start(failedRunId), 60)).toBe(0);
    // A job its start marked is taken at its word, with no look-up: it waits for a token.
    expect(await one.waitMs({ ...start(failedRunId), runStart: true }, 60)).toBeGreaterThan(0);
    expect(await one.waitMs(start(randomUUID(), clientA2.id), 60)).toBe(0);

    // Once due, the reserved start goes on, and keeps going on should it be deferred again for a slot.
    await sleep(r2Wait);
    expect(await two.waitMs(start(r2), 60)).toBe(0);
    expect(await one.waitMs(start(r2), 60)).toBe(0);
  });

  it("starts a client's runs at its runs_per_minute across two workers, while other clients and later steps are not held", { timeout: 60_000 }, async () => {
    const { adminDb } = state.t;
    const limited = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA2.id };
    const free = { partnerId: state.tenants.partnerB.id, clientId: state.tenants.clientB1.id };
    await adminDb.client.update({ where: { id: limited.clientId }, data: { runsPerMinute: 60 } });
    const calls: TCall[] = [];
    const prefix = testPrefix("rate");
    // Started before any worker has read the client's limits, so the publisher cannot hold them: the workers do.
    const publishing = createQueuePublisher({ redisUrl: process.env.REDIS_URL!, prefix });
    const workflow = actionChain("test.rate", ["one", "two"], { connection: "probe", operation: "hold" });
    const limitedRuns = await startRuns({ store, publisher: publishing.publisher, scope: limited, definition: workflow, bindings: ["probe"], count: 6, tag: "limited" });
    const freeRuns = await startRuns({ store, publisher: publishing.publisher, scope: free, definition: workflow, bindings: ["probe"], count: 6, tag: "free" });
    await publishing.close();
    const allRuns = [...limitedRuns, ...freeRuns];
    const fleet = await startFleets(2, { store, redisUrl: process.env.REDIS_URL!, prefix, actions: holdActions(calls), concurrency: 8, clientLimitsCacheMs: 300 });
    try {
      expect(await waitUntil(async () => (await runStatuses(adminDb, allRuns)).succeeded === allRuns.length, { timeoutMs: 40_000 })).toBe(true);

      const of = (clientId: string, step: string) => calls.filter((c) => c.clientId === clientId && c.step === step);
      const limitedStarts = of(limited.clientId, "one").map((c) => c.start);
      expect(limitedStarts).toHaveLength(6);
      // One start a second: at most the bucket (1) plus a second's refill (1) in any second, six spread over five seconds.
      expect(busiestWindow(limitedStarts, 1000)).toBeLessThanOrEqual(2);
      const span = (Math.max(...limitedStarts) - Math.min(...limitedStarts)) / 1000;
      expect(span).toBeGreaterThanOrEqual(4.5);
      // Second steps took no token: had they, twelve tokens would have taken eleven seconds.
      const limitedEnds = of(limited.clientId, "two").map((c) => c.end);
      expect((Math.max(...limitedEnds) - Math.min(...limitedStarts)) / 1000).toBeLessThan(8);
      // The unlimited client's six runs all started at once.
      const freeStarts = of(free.clientId, "one").map((c) => c.start);
      expect(freeStarts).toHaveLength(6);
      expect(Math.max(...freeStarts) - Math.min(...freeStarts)).toBeLessThan(1000);

      expect(await metricSum(fleet.registries, "storeflow_step_deferrals_total", { reason: "rate_limit" })).toBeGreaterThanOrEqual(5);
      // Deferred, never executed early or failed: one attempt and one delivery per step.
      const attempts = await adminDb.stepRun.findMany({ where: { runId: { in: allRuns } }, select: { attempt: true, deliveries: true, status: true } });
      expect(attempts).toHaveLength(24);
      expect(attempts.every((a) => a.attempt === 1 && a.deliveries === 1 && a.status === "succeeded")).toBe(true);
      console.log(`rate limit: 6 starts over ${span.toFixed(2)} s`);
    } finally {
      await fleet.stop();
    }
  });

  it("holds starts at publish once a worker has posted the client's rate, so the workers defer none of them", { timeout: 60_000 }, async () => {
    const { adminDb } = state.t;
    const limited = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA2.id };
    await adminDb.client.update({ where: { id: limited.clientId }, data: { runsPerMinute: 120 } });
    const calls: TCall[] = [];
    const prefix = testPrefix("held");
    // Read limits stay posted for three cache periods: long enough for the second batch to find them.
    const fleet = await startFleets(2, { store, redisUrl: process.env.REDIS_URL!, prefix, actions: holdActions(calls), concurrency: 8, clientLimitsCacheMs: 5000 });
    const queue = new Queue(JOBS[STEP_JOB_NAME].queue, { connection: connect(), prefix });
    try {
      const { publisher } = fleet.fleets[0]!;
      const workflow = actionChain("test.held", ["one"], { connection: "probe", operation: "hold" });
      // The first run is published before any worker has read the client's limits: its worker reads and posts them.
      const [first] = await startRuns({ store, publisher, scope: limited, definition: workflow, bindings: ["probe"], count: 1, tag: "first" });
      expect(await waitUntil(async () => (await runStatuses(adminDb, [first!])).succeeded === 1, { timeoutMs: 10_000 })).toBe(true);
      const deferredBefore = await metricSum(fleet.registries, "storeflow_step_deferrals_total", { reason: "rate_limit" });

      const runs = await startRuns({ store, publisher, scope: limited, definition: workflow, bindings: ["probe"], count: 6, tag: "held" });
      // Published delayed until each start's token: two a second, the bucket holding two.
      const delayed = await queue.getJobCountByTypes("delayed");
      expect(delayed).toBeGreaterThanOrEqual(4);
      expect(await waitUntil(async () => (await runStatuses(adminDb, runs)).succeeded === runs.length, { timeoutMs: 20_000 })).toBe(true);

      const starts = calls.filter((c) => runs.includes(c.runId)).map((c) => c.start);
      expect(busiestWindow(starts, 1000)).toBeLessThanOrEqual(4);
      expect((Math.max(...starts) - Math.min(...starts)) / 1000).toBeGreaterThanOrEqual(1.5);
      expect(await metricSum(fleet.registries, "storeflow_step_deferrals_total", { reason: "rate_limit" })).toBe(deferredBefore);
      // The holds are the publishing fleet's to count instead, with the time they held.
      expect(await metricSum(fleet.registries, "storeflow_run_starts_held_total")).toBe(delayed);
      expect(await metricSum(fleet.registries, "storeflow_run_start_hold_seconds_total")).toBeGreaterThan(delayed * 0.5);
      const attempts = await adminDb.stepRun.findMany({ where: { runId: { in: runs } }, select: { attempt: true, deliveries: true } });
      expect(attempts.every((a) => a.attempt === 1 && a.deliveries === 1)).toBe(true);
    } finally {
      await queue.close();
      await fleet.stop();
    }
  });
});
