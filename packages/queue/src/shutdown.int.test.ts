/**
 * Graceful shutdown past its grace period: a worker process with steps in
 * flight gets SIGTERM, hands them back to the queue and exits; another worker
 * runs them at once, long before their 30 s job locks would have expired.
 */
import { once } from "node:events";
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, type TActionRegistry, type TRunStore } from "@storeflow/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueuePublisher } from "./step-fleet";
import { actionChain, runStatuses, startFleets, startRuns, testPrefix } from "../test/in-process-fleet";
import { bundleTestWorker, spawnLedgerWorker, waitUntil } from "../test/fleet";

const state = useTestTenants();
let store: TRunStore;
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 6 });
});
afterAll(() => store?.close());

const LOCK_S = 30;
const GRACE_MS = 300;
const RUNS = 3;

/** The worker that takes over: its `hold.long` returns at once. */
const quickActions: TActionRegistry = { resolve: (connection, operation) => (connection === "hold" && operation === "long" ? async () => ({ done: true }) : undefined) };

describe("graceful shutdown", () => {
  it("hands in-flight steps back at the grace deadline so another worker runs them well before their locks expire", { timeout: 60_000 }, async () => {
    const { adminDb, appUrl } = state.t;
    const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
    // As many slots as steps in flight: a slot the stopping worker kept would hold its step back.
    await adminDb.client.update({ where: { id: scope.clientId }, data: { maxConcurrentSteps: RUNS } });
    const prefix = testPrefix("shutdown");
    const bundle = await bundleTestWorker("hold-worker.ts");
    const stopping = spawnLedgerWorker(bundle, { ...process.env, APP_DATABASE_URL: appUrl, QUEUE_PREFIX: prefix, SHUTDOWN_GRACE_MS: String(GRACE_MS), LOCK_DURATION_MS: String(LOCK_S * 1000) });
    let output = "";
    stopping.process.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(stopping.process, "exit");
    const publishing = createQueuePublisher({ redisUrl: process.env.REDIS_URL!, prefix });
    let taker: Awaited<ReturnType<typeof startFleets>> | undefined;
    try {
      await stopping.ready;
      const definition = actionChain("test.long", ["long"], { connection: "hold", operation: "long" });
      const runIds = await startRuns({ store, publisher: publishing.publisher, scope, definition, bindings: ["hold"], count: RUNS, tag: "long" });
      expect(await waitUntil(async () => output.match(/started /g)?.length === RUNS, { timeoutMs: 20_000, everyMs: 50 })).toBe(true);
      taker = await startFleets(1, { store, redisUrl: process.env.REDIS_URL!, prefix, actions: quickActions, concurrency: 4, lockDurationMs: LOCK_S * 1000 });

      const signalled = performance.now();
      stopping.process.kill("SIGTERM");
      const [code] = await exited;
      const exitSeconds = (performance.now() - signalled) / 1000;
      expect(await waitUntil(async () => (await runStatuses(adminDb, runIds)).succeeded === RUNS, { timeoutMs: 20_000, everyMs: 50 })).toBe(true);
      const takeoverSeconds = (performance.now() - signalled) / 1000;

      expect(code).toBe(0);
      expect(output).toContain(`handed back ${RUNS}`);
      expect(exitSeconds).toBeLessThan(GRACE_MS / 1000 + 3);
      // Lock expiry would take 30 s; BullMQ's moveToWait, the idle taker's 5 s drain delay.
      expect(takeoverSeconds).toBeLessThan(3);
      // Each step was claimed twice (the stopped worker, the taker) under its one attempt, and recorded once.
      const attempts = await adminDb.stepRun.findMany({ where: { runId: { in: runIds } }, select: { attempt: true, deliveries: true, status: true } });
      expect(attempts).toEqual(Array.from({ length: RUNS }, () => ({ attempt: 1, deliveries: 2, status: "succeeded" })));
      console.log(`shutdown: worker exited ${exitSeconds.toFixed(2)} s after SIGTERM; its ${RUNS} steps finished on another worker ${takeoverSeconds.toFixed(2)} s after SIGTERM (lock ${LOCK_S} s)`);
    } finally {
      stopping.process.kill("SIGKILL");
      await taker?.stop();
      await publishing.close();
    }
  });
});
