/**
 * The quota monitor with a step fleet: a client past its monthly quota is
 * paused, its queued steps wait on the queue (its runs stay running, nothing
 * fails or is dropped) while other clients' runs go on, and a raised quota
 * lets them finish.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, type TActionRegistry, type TQuotaChange, type TRunStore } from "@storeflow/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionChain, metricSum, runStatuses, startFleets, startRuns, testPrefix } from "../test/in-process-fleet";
import { waitUntil } from "../test/fleet";
import { startQuotaMonitor } from "./quota-monitor";
import { createQueuePublisher } from "./step-fleet";

const state = useTestTenants();
let store: TRunStore;
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 8 });
});
afterAll(() => store?.close());

const workflow = actionChain("test.quota", ["one", "two"], { connection: "probe", operation: "noop" });
const actions: TActionRegistry = { resolve: (connection, operation) => (connection === "probe" && operation === "noop" ? async () => null : undefined) };

describe("quota monitor", () => {
  it("pauses a client at its quota without dropping its queued work, and lets it finish once the quota is raised", { timeout: 60_000 }, async () => {
    const { adminDb } = state.t;
    const capped = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
    const other = { partnerId: state.tenants.partnerB.id, clientId: state.tenants.clientB1.id };
    await adminDb.client.update({ where: { id: capped.clientId }, data: { monthlyRunQuota: 4, quotaWarnPercent: 50 } });
    const redisUrl = process.env.REDIS_URL!;
    const prefix = testPrefix("quota");

    // The runs are queued before any worker runs, so the monitor sees the quota used up first.
    const publishing = createQueuePublisher({ redisUrl, prefix });
    const cappedRuns = await startRuns({ store, publisher: publishing.publisher, scope: capped, definition: workflow, bindings: ["probe"], count: 5, tag: "capped" });
    const otherRuns = await startRuns({ store, publisher: publishing.publisher, scope: other, definition: workflow, bindings: ["probe"], count: 3, tag: "other" });
    await publishing.close();

    const changes: TQuotaChange[] = [];
    const errors: unknown[] = [];
    const monitor = startQuotaMonitor({ store, db: state.t.db, everyMs: 200, onChange: (change) => changes.push(change), onError: (error) => errors.push(error) });
    let fleet: Awaited<ReturnType<typeof startFleets>> | undefined;
    try {
      expect(await waitUntil(async () => changes.some((c) => c.kind === "paused"), { timeoutMs: 10_000 })).toBe(true);
      fleet = await startFleets(2, { store, redisUrl, prefix, actions, concurrency: 8, clientLimitsCacheMs: 200, pausedRecheckMs: 300 });
      expect(changes.map((c) => [c.kind, c.clientId, c.runs])).toEqual([
        ["warned", capped.clientId, 4],
        ["paused", capped.clientId, 4],
      ]);
      expect(await waitUntil(async () => (await runStatuses(adminDb, otherRuns)).succeeded === 3, { timeoutMs: 20_000 })).toBe(true);
      await sleep(1500);

      // Held, not dropped: every capped run is still running, none of its steps ran or failed.
      expect(await runStatuses(adminDb, cappedRuns)).toEqual({ running: 5 });
      expect(await adminDb.stepRun.count({ where: { runId: { in: cappedRuns } } })).toBe(0);
      expect(await metricSum(fleet.registries, "storeflow_step_deferrals_total", { reason: "client_paused" })).toBeGreaterThanOrEqual(5);

      await adminDb.client.update({ where: { id: capped.clientId }, data: { monthlyRunQuota: 10 } });
      expect(await waitUntil(async () => (await runStatuses(adminDb, cappedRuns)).succeeded === 5, { timeoutMs: 20_000 })).toBe(true);
      expect(changes.map((c) => c.kind)).toEqual(["warned", "paused", "lifted"]);
      const attempts = await adminDb.stepRun.findMany({ where: { runId: { in: cappedRuns } }, select: { attempt: true, deliveries: true, status: true } });
      expect(attempts).toHaveLength(10);
      expect(attempts.every((a) => a.attempt === 1 && a.deliveries === 1 && a.status === "succeeded")).toBe(true);
      expect(await adminDb.client.findUniqueOrThrow({ where: { id: capped.clientId }, select: { runsPausedAt: true, runsPauseReason: true } })).toEqual({ runsPausedAt: null, runsPauseReason: null });
      expect(errors).toEqual([]);
    } finally {
      await monitor.stop();
      await fleet?.stop();
    }
  });
});
