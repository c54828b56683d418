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

/** Like {@link sample}, with a series not exported yet counting as 0: for differences between two scrapes. */
function sampleOr0(text: string, series: string): number {
  return text.split("\n").some((l) => l.startsWith(`${series} `)) ? sample(text, series) : 0;
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
      const gauges = registerQueueGauges({ registry, redis: publishing.redis, prefix });
      const text = await registry.metrics();
      await gauges.close();
      expect(sample(text, 'storeflow_queue_jobs{queue="runs",state="prioritized"}')).toBe(3);
      expect(sample(text, 'storeflow_queue_jobs{queue="runs",state="delayed"}')).toBe(1);
      expect(sample(text, 'storeflow_queue_jobs{queue="runs",state="waiting"}')).toBe(0);
      expect(sample(text, 'storeflow_queue_jobs{queue="runs",state="active"}')).toBe(0);
      // Every queue of the registry is sampled, this prefix's schedules queue (empty) too.
      expect(sample(text, 'storeflow_queue_jobs{queue="schedules",state="delayed"}')).toBe(0);
      expect(sample(text, 'storeflow_queue_oldest_waiting_seconds{queue="schedules"}')).toBe(0);
      const oldest = sample(text, 'storeflow_queue_oldest_waiting_seconds{queue="runs"}');
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
      const registry = fleet.registries[0]!;
      const before = await registry.metrics();
      const start = (name: string, count: number) => startRuns({ store, publisher, scope, definition: workflows[name]!, bindings: ["probe"], count, tag: name });
      const runIds = [...(await start("ok", 3)), ...(await start("flaky", 2)), ...(await start("broken", 1))];
      const finished = async () => {
        const { succeeded = 0, failed = 0 } = await runStatuses(adminDb, runIds);
        return succeeded + failed === runIds.length;
      };
      expect(await waitUntil(finished, { timeoutMs: 30_000 })).toBe(true);
      expect(await runStatuses(adminDb, runIds)).toEqual({ succeeded: 5, failed: 1 });

      const text = await registry.metrics();
      const moved = (series: string) => sampleOr0(text, series) - sampleOr0(before, series);
      // ok: 3 runs x 2 steps; flaky: 2 runs x (1 retried + 1 succeeded attempt); broken: 1 failed step.
      expect(moved('storeflow_step_duration_seconds_count{workflow="test.ok",result="succeeded"}')).toBe(6);
      expect(moved('storeflow_step_duration_seconds_count{workflow="test.flaky",result="retrying"}')).toBe(2);
      expect(moved('storeflow_step_duration_seconds_count{workflow="test.flaky",result="succeeded"}')).toBe(2);
      expect(moved('storeflow_step_duration_seconds_count{workflow="test.broken",result="failed"}')).toBe(1);
      expect(text).not.toMatch(/storeflow_step_duration_seconds_count\{workflow="[^"]*",result="(stale|error)"\}/);
      expect(text).not.toMatch(/storeflow_step_duration_seconds_count\{workflow="test\.ok",result="(retrying|failed)"\}/);
      expect(moved('storeflow_step_duration_seconds_bucket{le="+Inf",workflow="test.ok",result="succeeded"}')).toBe(6);
      expect(moved('storeflow_step_duration_seconds_sum{workflow="test.ok",result="succeeded"}')).toBeGreaterThan(0);
      // One run duration per finished run, by how it ended.
      expect(moved('storeflow_run_duration_seconds_count{workflow="test.ok",outcome="succeeded"}')).toBe(3);
      expect(moved('storeflow_run_duration_seconds_count{workflow="test.flaky",outcome="succeeded"}')).toBe(2);
      expect(moved('storeflow_run_duration_seconds_count{workflow="test.broken",outcome="failed"}')).toBe(1);
      expect(text).not.toMatch(/storeflow_run_duration_seconds_count\{workflow="test\.(ok|flaky)",outcome="failed"\}/);
      expect(moved('storeflow_run_duration_seconds_bucket{le="+Inf",workflow="test.ok",outcome="succeeded"}')).toBe(3);
      // A run lasts at least as long as its steps ran, and here well under a minute.
      const runSeconds = moved('storeflow_run_duration_seconds_sum{workflow="test.ok",outcome="succeeded"}');
      expect(runSeconds).toBeGreaterThanOrEqual(moved('storeflow_step_duration_seconds_sum{workflow="test.ok",result="succeeded"}'));
      expect(moved('storeflow_run_duration_seconds_bucket{le="60",workflow="test.ok",outcome="succeeded"}')).toBe(3);
      expect(moved('storeflow_step_retries_total{workflow="test.flaky"}')).toBe(2);
      expect(text).not.toMatch(/storeflow_step_retries_total\{workflow="test\.(ok|broken)"\}/);
      // No tenant or run identifiers in any label.
      for (const id of [scope.partnerId, scope.clientId, ...runIds]) expect(text).not.toContain(id);
    } finally {
      await fleet.stop();
    }
  });
});
