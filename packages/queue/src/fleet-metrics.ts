import { type TStepResult } from "@storeflow/runs";
import { type Queue } from "bullmq";
import { type Redis } from "ioredis";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { defineLuaScript, LUA_NOW_MS } from "./lua-script";
import { type TDeferralReason } from "./step-admission";

/** What a step delivery came to: the executor's result, or "error" when it threw (database down) and BullMQ retries it. */
export type TStepOutcome = TStepResult["kind"] | "error";

/**
 * The fleet's Prometheus metrics. Labels are bounded enums (result, outcome,
 * reason, state): never a run, client or connection name, so a fleet serving
 * thousands of tenants exports the same few series.
 */
export interface TFleetMetrics {
  stepExecuted(result: TStepResult | "error", seconds: number): void;
  stepDeferred(reason: TDeferralReason): void;
  budgetWaited(seconds: number): void;
}

export function createFleetMetrics(registry: Registry): TFleetMetrics {
  const registers = [registry];
  const stepDuration = new Histogram({
    name: "storeflow_step_duration_seconds",
    help: "Time to execute one step delivery (claim, run, settle, publish the next), by result; its _count is the outcomes.",
    labelNames: ["result"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const runsFinished = new Counter({ name: "storeflow_runs_finished_total", help: "Runs that reached a terminal state, by outcome.", labelNames: ["outcome"], registers });
  const retries = new Counter({ name: "storeflow_step_retries_total", help: "Step attempts that failed and were scheduled again.", registers });
  const deferrals = new Counter({
    name: "storeflow_step_deferrals_total",
    help: "Step jobs put back on the queue unexecuted: client paused, run start over its rate limit, or client at its concurrency limit.",
    labelNames: ["reason"],
    registers,
  });
  const budgetWaits = new Counter({ name: "storeflow_action_budget_waits_total", help: "Action calls that waited for a token of their connection's budget.", registers });
  const budgetWaitSeconds = new Counter({ name: "storeflow_action_budget_wait_seconds_total", help: "Time action calls spent waiting for budget tokens.", registers });
  return {
    stepExecuted(result, seconds) {
      stepDuration.observe({ result: result === "error" ? "error" : result.kind }, seconds);
      if (result === "error") return;
      if (result.kind === "retrying") retries.inc();
      if (result.kind === "failed") runsFinished.inc({ outcome: "failed" });
      if (result.kind === "succeeded" && result.next === null) runsFinished.inc({ outcome: "succeeded" });
    },
    stepDeferred(reason) {
      deferrals.inc({ reason });
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

/** Queue depth per state and the oldest waiting job's age, read from Redis at scrape time. */
export function registerQueueGauges({ registry, queue, redis }: { registry: Registry; queue: Queue; redis: Redis }) {
  const states = ["waiting", "prioritized", "delayed", "active"] as const;
  new Gauge({
    name: "storeflow_queue_jobs",
    help: "Step jobs in the queue by state.",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts(...states);
      for (const state of states) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: "storeflow_queue_oldest_waiting_seconds",
    help: "How long the longest-waiting step job among the next in line has been due; 0 when none waits.",
    registers: [registry],
    async collect() {
      const ms = Number(await OLDEST_WAITING.run(redis, [queue.keys.wait!, queue.keys.prioritized!], [queue.keys[""]!, HEAD_SAMPLE]));
      this.set(Math.max(0, ms) / 1000);
    },
  });
}
