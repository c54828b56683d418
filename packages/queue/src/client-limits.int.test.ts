/**
 * Client limits across the fleet: two step fleets (as two worker processes
 * would be) share each client's concurrency slots through Redis, and a paused
 * client's steps wait on the queue without being executed, failed or dropped.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, type TActionRegistry, type TRunStore } from "@storeflow/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionChain, maxOverlap, metricSum, runStatuses, startFleets, startRuns, testPrefix } from "../test/in-process-fleet";
import { waitUntil } from "../test/fleet";

const state = useTestTenants();
let store: TRunStore;
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 8 });
});
afterAll(() => store?.close());

const HOLD_MS = 120;
const workflow = actionChain("test.hold", ["one", "two"], { connection: "probe", operation: "hold" });

interface TCall {
  clientId: string;
  start: number;
  end: number;
}

/** `probe.hold` takes HOLD_MS and records when it ran, for whichever client. */
function holdActions(calls: TCall[]): TActionRegistry {
  return {
    resolve: (connection, operation) =>
      connection === "probe" && operation === "hold"
        ? async ({ run }) => {
            const start = performance.now();
            await sleep(HOLD_MS);
            calls.push({ clientId: run.clientId, start, end: performance.now() });
            return null;
          }
        : undefined,
  };
}

async function stepAttempts(runIds: string[]) {
  return state.t.adminDb.stepRun.findMany({ where: { runId: { in: runIds } }, select: { attempt: true, deliveries: true, status: true } });
}

describe("client limits", () => {
  it("never runs more of a client's steps at once than its max_concurrent_steps, across workers, and holds no other client back", { timeout: 60_000 }, async () => {
    const { adminDb } = state.t;
    const limited = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
    const roomy = { partnerId: state.tenants.partnerB.id, clientId: state.tenants.clientB1.id };
    await adminDb.client.update({ where: { id: limited.clientId }, data: { maxConcurrentSteps: 2 } });
    await adminDb.client.update({ where: { id: roomy.clientId }, data: { maxConcurrentSteps: 50 } });
    const calls: TCall[] = [];
    const fleet = await startFleets(2, { store, redisUrl: process.env.REDIS_URL!, prefix: testPrefix("limit"), actions: holdActions(calls), concurrency: 16 });
    try {
      const { publisher } = fleet.fleets[0]!;
      const limitedRuns = await startRuns({ store, publisher, scope: limited, definition: workflow, bindings: ["probe"], count: 10, tag: "limited" });
      const roomyRuns = await startRuns({ store, publisher, scope: roomy, definition: workflow, bindings: ["probe"], count: 10, tag: "roomy" });
      const allRuns = [...limitedRuns, ...roomyRuns];
      await waitUntil(async () => (await runStatuses(adminDb, allRuns)).succeeded === allRuns.length, { timeoutMs: 40_000 });

      expect(await runStatuses(adminDb, limitedRuns)).toEqual({ succeeded: 10 });
      expect(await runStatuses(adminDb, roomyRuns)).toEqual({ succeeded: 10 });
      const limitedCalls = calls.filter((c) => c.clientId === limited.clientId);
      const roomyCalls = calls.filter((c) => c.clientId === roomy.clientId);
      expect(limitedCalls).toHaveLength(20);
      expect(roomyCalls).toHaveLength(20);
      expect(maxOverlap(limitedCalls)).toBe(2);
      expect(maxOverlap(roomyCalls)).toBeGreaterThanOrEqual(4);
      // The roomy client was done long before the limited one's backlog drained.
      expect(Math.max(...roomyCalls.map((c) => c.end))).toBeLessThan(Math.max(...limitedCalls.map((c) => c.end)));
      // How many deliveries found the client's slots full depends on fetch timing (fair-share
      // priorities can hand the limited client's jobs out one by one), so it is reported, not asserted.
      const deferrals = await metricSum(fleet.registries, "storeflow_step_deferrals_total", { reason: "concurrency_limit" });
      // Deferred deliveries never reached the executor: one attempt, one delivery per step.
      const attempts = await stepAttempts(allRuns);
      expect(attempts).toHaveLength(40);
      expect(attempts.every((a) => a.attempt === 1 && a.deliveries === 1 && a.status === "succeeded")).toBe(true);
      console.log(`concurrency limit: limited client max overlap ${maxOverlap(limitedCalls)}, roomy ${maxOverlap(roomyCalls)}, ${deferrals} deferrals`);
    } finally {
      await fleet.stop();
    }
  });

  it("defers a paused client's steps without executing or failing them, runs other clients', and resumes when unpaused", { timeout: 60_000 }, async () => {
    const { adminDb } = state.t;
    const paused = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA2.id };
    const active = { partnerId: state.tenants.partnerB.id, clientId: state.tenants.clientB1.id };
    await adminDb.client.update({ where: { id: paused.clientId }, data: { runsPausedAt: new Date(), runsPauseReason: "monthly run quota reached" } });
    const calls: TCall[] = [];
    const fleet = await startFleets(2, {
      store,
      redisUrl: process.env.REDIS_URL!,
      prefix: testPrefix("pause"),
      actions: holdActions(calls),
      concurrency: 8,
      clientLimitsCacheMs: 300,
      pausedRecheckMs: 600,
    });
    try {
      const { publisher } = fleet.fleets[0]!;
      const started = performance.now();
      const pausedRuns = await startRuns({ store, publisher, scope: paused, definition: workflow, bindings: ["probe"], count: 6, tag: "paused" });
      const activeRuns = await startRuns({ store, publisher, scope: active, definition: workflow, bindings: ["probe"], count: 6, tag: "active" });
      expect(await waitUntil(async () => (await runStatuses(adminDb, activeRuns)).succeeded === 6, { timeoutMs: 20_000 })).toBe(true);
      await sleep(Math.max(0, 2500 - (performance.now() - started)));

      // Paused for 2.5 s, through several re-checks: nothing of the paused client ran.
      expect(calls.filter((c) => c.clientId === paused.clientId)).toHaveLength(0);
      expect(await stepAttempts(pausedRuns)).toHaveLength(0);
      expect(await runStatuses(adminDb, pausedRuns)).toEqual({ running: 6 });
      const pauseDeferrals = await metricSum(fleet.registries, "storeflow_step_deferrals_total", { reason: "client_paused" });
      expect(pauseDeferrals).toBeGreaterThanOrEqual(6);

      await adminDb.client.update({ where: { id: paused.clientId }, data: { runsPausedAt: null, runsPauseReason: null } });
      const unpausedAt = performance.now();
      expect(await waitUntil(async () => (await runStatuses(adminDb, pausedRuns)).succeeded === 6, { timeoutMs: 20_000 })).toBe(true);
      const resumeSeconds = (performance.now() - unpausedAt) / 1000;

      expect(await runStatuses(adminDb, pausedRuns)).toEqual({ succeeded: 6 });
      const attempts = await stepAttempts(pausedRuns);
      expect(attempts).toHaveLength(12);
      expect(attempts.every((a) => a.attempt === 1 && a.deliveries === 1 && a.status === "succeeded")).toBe(true);
      // Nothing failed or errored on the way, in the engine or in BullMQ.
      expect(await metricSum(fleet.registries, "storeflow_step_duration_seconds_count", { result: "failed" })).toBe(0);
      expect(await metricSum(fleet.registries, "storeflow_step_duration_seconds_count", { result: "error" })).toBe(0);
      console.log(`pause: ${pauseDeferrals} deferrals while paused; all runs done ${resumeSeconds.toFixed(2)} s after unpausing`);
    } finally {
      await fleet.stop();
    }
  });
});
