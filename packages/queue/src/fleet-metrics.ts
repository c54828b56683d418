import { type TStepMeasure, type TStepResult } from "@storeflow/runs";
import { Queue } from "bullmq";
import { type Redis } from "ioredis";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { JOBS } from "./jobs";
import { defineLuaScript, LUA_NOW_MS } from "./lua-script";
import { type TDeferralReason } from "./step-admission";

/** What a step delivery came to: the executor's result, or "error" when it threw (database down) and BullMQ retries it. */
export type TStepOutcome = TStepResult["kind"] | "error";

/**
 * The fleet's Prometheus metrics. Labels are bounded: enums (result, outcome,
 * reason, state) and the workflow key, which names a template of the
 * code-defined catalog. Never a run, client, partner or connection id, so a
 * fleet serving thousands of tenants exports the same few series.
 */
export interface TFleetMetrics {
  /** One step delivery; `measure` is absent when the delivery threw before any step settled. */
  stepExecuted(result: TStepResult | "error", seconds: number, measure?: TStepMeasure): void;
  stepDeferred(reason: TDeferralReason): void;
  /** Run starts this process published held back to their clients' runs a minute, each for `heldMs`. */
  startsHeld(heldMs: readonly number[]): void;
  /** A run start this process made wait for a later window of its client's paced starts. */
  startPaced(): void;
  budgetWaited(seconds: number): void;
}

/** A step job that threw names no workflow: its run was never read. */
const UNKNOWN_WORKFLOW = "unknown";

/** Runs take from seconds (straight-through syncs) to days (an approval waiting on a person). */
const RUN_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600];

export function createFleetMetrics(registry: Registry): TFleetMetrics {
  const registers = [registry];
  const stepDuration = new Histogram({
    name: "storeflow_step_duration_seconds",
    help: "Time to execute one step delivery (claim, run, settle, publish the next), by workflow and result; its _count is the outcomes.",
    labelNames: ["workflow", "result"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const runDuration = new Histogram({
    name: "storeflow_run_duration_seconds",
    help: "Time from a run's creation to its end, by workflow and outcome (succeeded, failed); its _count is the runs finished.",
    labelNames: ["workflow", "outcome"],
    buckets: RUN_BUCKETS_S,
    registers,
  });
  const retries = new Counter({ name: "storeflow_step_retries_total", help: "Step attempts that failed and were scheduled again, by workflow.", labelNames: ["workflow"], registers });
  const deferrals = new Counter({
    name: "storeflow_step_deferrals_total",
    help: "Step jobs put back on the queue unexecuted: client paused, run start over its rate limit, or client at its concurrency limit.",
    labelNames: ["reason"],
    registers,
  });
  const startsHeld = new Counter({ name: "storeflow_run_starts_held_total", help: "Run starts published held back until their client's runs-per-minute allowed them.", registers });
  const startHoldSeconds = new Counter({ name: "storeflow_run_start_hold_seconds_total", help: "Time run starts were held back for their clients' runs-per-minute.", registers });
  const startsPaced = new Counter({
    name: "storeflow_run_starts_paced_total",
    help: "Run starts that waited to be recorded because their client's starts were already held back over a second.",
    registers,
  });
  const budgetWaits = new Counter({ name: "storeflow_action_budget_waits_total", help: "Action calls that waited for a token of their connection's budget.", registers });
  const budgetWaitSeconds = new Counter({ name: "storeflow_action_budget_wait_seconds_total", help: "Time action calls spent waiting for budget tokens.", registers });
  return {
    stepExecuted(result, seconds, measure) {
      const workflow = measure?.workflow ?? UNKNOWN_WORKFLOW;
      stepDuration.observe({ workflow, result: result === "error" ? "error" : result.kind }, seconds);
      if (result !== "error" && result.kind === "retrying") retries.inc({ workflow });
      if (measure?.runEnded) runDuration.observe({ workflow, outcome: measure.runEnded.status }, measure.runEnded.seconds);
    },
    stepDeferred(reason) {
      deferrals.inc({ reason });
    },
    startsHeld(heldMs) {
      startsHeld.inc(heldMs.length);
      startHoldSeconds.inc(heldMs.reduce((sum, ms) => sum + ms, 0) / 1000);
    },
    startPaced() {
      startsPaced.inc();
    },
    budgetWaited(seconds) {
      budgetWaits.inc();
      budgetWaitSeconds.inc(seconds);
    },
  };
}

/**
 * Seconds since the longest-waiting of the next jobs in line became due. Step
 * jobs all carry a fair-share priority, so they wait in the prioritized set,
 * where each client's oldest job sits near the head; examining the head (and
 * the tail of the plain wait list) keeps the scrape cheap at any backlog. A
 * job's due time is its creation plus the delay it was last scheduled with (a
 * retry's backoff, a wait step, a deferral).
 */
const OLDEST_WAITING = defineLuaScript(`${LUA_NOW_MS}
local n = tonumber(ARGV[2])
local ids = redis.call('LRANGE', KEYS[1], -n, -1)
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, n - 1)) do ids[#ids + 1] = id end
local oldest = now
for _, id in ipairs(ids) do
  local job = redis.call('HMGET', ARGV[1] .. id, 'timestamp', 'delay')
  local created = tonumber(job[1])
  if created then oldest = math.min(oldest, created + (tonumber(job[2]) or 0)) end
end
return now - oldest`);

const HEAD_SAMPLE = 1000;

/** A queue's name as a label value: "{runs}" → "runs" (the braces are a Redis Cluster hash tag). */
export function queueMetricLabel(queueName: string): string {
  return queueName.replace(/[{}]/g, "");
}

/**
 * Depth per state and the oldest waiting job's age for every queue the fleet
 * knows (JOBS), read from Redis at scrape time, so the hot path pays nothing.
 * @returns closes the queue handles it opened (the connection stays the caller's)
 */
export function registerQueueGauges({ registry, redis, prefix }: { registry: Registry; redis: Redis; prefix: string }): { close(): Promise<void> } {
  const queues = [...new Set(Object.values(JOBS).map((job) => job.queue))].map((name) => ({ label: queueMetricLabel(name), queue: new Queue(name, { connection: redis, prefix }) }));
  const states = ["waiting", "prioritized", "delayed", "active"] as const;
  new Gauge({
    name: "storeflow_queue_jobs",
    help: "Jobs in each queue by state.",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      const counts = await Promise.all(queues.map(({ queue }) => queue.getJobCounts(...states)));
      queues.forEach(({ label }, index) => {
        for (const state of states) this.set({ queue: label, state }, counts[index]![state] ?? 0);
      });
    },
  });
  new Gauge({
    name: "storeflow_queue_oldest_waiting_seconds",
    help: "How long the longest-waiting job among the next in line of each queue has been due; 0 when none waits.",
    labelNames: ["queue"],
    registers: [registry],
    async collect() {
      const ages = await Promise.all(queues.map(({ queue }) => OLDEST_WAITING.run(redis, [queue.keys.wait!, queue.keys.prioritized!], [queue.keys[""]!, HEAD_SAMPLE])));
      queues.forEach(({ label }, index) => this.set({ queue: label }, Math.max(0, Number(ages[index])) / 1000));
    },
  });
  return { close: () => Promise.all(queues.map(({ queue }) => queue.close())).then(() => undefined) };
}
