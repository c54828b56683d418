/**
 * The fleet's Prometheus metrics, read as a scrape would read them: queue depth
 * sampled from Redis, and counters that match the runs the fleet executed.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { useTestTenants } from "@storeflow/db/test";
import { NonRetryableError, RetryableError, type TWorkflowDefinitionInput } from "@storeflow/engine";
import { createRunStore, type TActionRegistry, type TRunStore } from "@storeflow/runs";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerQueueGauges } from "./fleet-metrics";
import { createQueuePublisher } from "./step-fleet";
import { actionChain, runStatuses, startFleets, startRuns, testPrefix } from "../test/in-process-fleet";
import { waitUntil } from "../test/fleet";

const state = useTestTenants();
let store: TRunStore;
beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 6 });
});
afterAll(() => store?.close());

/** The value of one series in Prometheus text format, e.g. `name{label="x"}`. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no series ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

const retryFast = { attempts: 3, initialDelayMs: 10, maxDelayMs: 50, jitter: 0 };
const workflows: Record<string, TWorkflowDefinitionInput> = {
  ok: actionChain("test.ok", ["first", "second"], { connection: "probe", operation: "ok" }),
  flaky: { ...actionChain("test.flaky", ["only"], { connection: "probe", operation: "flaky" }), steps: [{ key: "only", kind: "action", connection: "probe", operation: "flaky", input: {}, retry: retryFast }] },
  broken: actionChain("test.broken", ["only"], { connection: "probe", operation: "broken" }),
};

function probeActions(): TActionRegistry {
  const failedOnce = new Set<string>();
  return {
    resolve: (connection, operation) => {
      if (connection !== "probe") return undefined;
      if (operation === "ok") return async () => ({ ok: true });
      if (operation === "broken") return async () => Promise.reject(new NonRetryableError("card closed"));
      if (operation === "flaky")
        return async ({ idempotencyKey }) => {
          if (failedOnce.has(idempotencyKey)) return { ok: true };
          failedOnce.add(idempotencyKey);
          throw new RetryableError("gateway timeout");
        };
      return undefined;
    },
  };
}

describe("fleet metrics", () => {
  it("samples queue depth and the oldest waiting job's age at scrape time", async () => {
    const prefix = testPrefix("depth");
    const publishing = createQueuePublisher({ redisUrl: process.env.REDIS_URL!, prefix });
    try {
      const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
      await startRuns({ store, publisher: publishing.publisher, scope, definition: workflows.ok!, bindings: ["probe"], count: 3, tag: "depth" });
      await publishing.publisher.publish([{ ...scope, runId: crypto.randomUUID(), stepKey: "later", iteration: 0, attempt: 1, generation: 0, delayMs: 60_000 }]);
      await sleep(1100);
      const registry = new Registry();
      registerQueueGauges({ registry, queue: publishing.queue, redis: publishing.redis });
      const text = await registry.metrics();
      expect(sample(text, 'storeflow_queue_jobs{state="prioritized"}')).toBe(3);
      expect(sample(text, 'storeflow_queue_jobs{state="delayed"}')).toBe(1);
      expect(sample(text, 'storeflow_queue_jobs{state="waiting"}')).toBe(0);
      expect(sample(text, 'storeflow_queue_jobs{state="active"}')).toBe(0);
      const oldest = sample(text, "storeflow_queue_oldest_waiting_seconds");
      expect(oldest).toBeGreaterThanOrEqual(1);
      expect(oldest).toBeLessThan(30);
    } finally {
      await publishing.close();
    }
  });

  it("counts step results, finished runs, retries and durations as executed", { timeout: 60_000 }, async () => {
    const { adminDb } = state.t;
    const scope = { partnerId: state.tenants.partnerB.id, clientId: state.tenants.clientB1.id };
    const fleet = await startFleets(1, { store, redisUrl: process.env.REDIS_URL!, prefix: testPrefix("metrics"), actions: probeActions(), concurrency: 8 });
    try {
      const { publisher } = fleet.fleets[0]!;
      const start = (name: string, count: number) => startRuns({ store, publisher, scope, definition: workflows[name]!, bindings: ["probe"], count, tag: name });
      const runIds = [...(await start("ok", 3)), ...(await start("flaky", 2)), ...(await start("broken", 1))];
      const finished = async () => {
        const { succeeded = 0, failed = 0 } = await runStatuses(adminDb, runIds);
        return succeeded + failed === runIds.length;
      };
      expect(await waitUntil(finished, { timeoutMs: 30_000 })).toBe(true);
      expect(await runStatuses(adminDb, runIds)).toEqual({ succeeded: 5, failed: 1 });

      const text = await fleet.registries[0]!.metrics();
      // ok: 3 runs x 2 steps; flaky: 2 runs x (1 retried + 1 succeeded attempt); broken: 1 failed step.
      expect(sample(text, 'storeflow_step_duration_seconds_count{result="succeeded"}')).toBe(8);
      expect(sample(text, 'storeflow_step_duration_seconds_count{result="retrying"}')).toBe(2);
      expect(sample(text, 'storeflow_step_duration_seconds_count{result="failed"}')).toBe(1);
      expect(text).not.toMatch(/storeflow_step_duration_seconds_count\{result="(stale|error)"\}/);
      expect(sample(text, 'storeflow_step_duration_seconds_bucket{le="+Inf",result="succeeded"}')).toBe(8);
      expect(sample(text, 'storeflow_step_duration_seconds_sum{result="succeeded"}')).toBeGreaterThan(0);
      expect(sample(text, 'storeflow_runs_finished_total{outcome="succeeded"}')).toBe(5);
      expect(sample(text, 'storeflow_runs_finished_total{outcome="failed"}')).toBe(1);
      expect(sample(text, "storeflow_step_retries_total")).toBe(2);
      // No tenant or run identifiers in any label.
      for (const id of [scope.partnerId, scope.clientId, ...runIds]) expect(text).not.toContain(id);
    } finally {
      await fleet.stop();
    }
  });
});
