/**
 * Harness for the fleet tests that run several step fleets inside the test
 * process: each fleet has its own Redis connections and BullMQ worker, as a
 * worker process would, and their handlers report to the test directly.
 */
import { randomBytes } from "node:crypto";
import { type TDb } from "@storeflow/db";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { startRun, type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { type Registry } from "prom-client";
import { startStepFleet, type StartStepFleetOptions } from "../src/step-fleet";

export const testPrefix = (name: string) => `sf-${name}-${randomBytes(4).toString("hex")}`;

/** A chain of action steps, each calling `connection.operation`. */
export function actionChain(key: string, steps: readonly string[], call: { connection: string; operation: string }): TWorkflowDefinitionInput {
  return {
    key,
    version: "1.0.0",
    start: steps[0]!,
    steps: steps.map((step, i) => ({ key: step, kind: "action" as const, ...call, input: {}, ...(steps[i + 1] ? { next: steps[i + 1] } : {}) })),
  };
}

/** `count` fleets on one queue prefix, all ready to take work. */
export async function startFleets(count: number, options: StartStepFleetOptions) {
  const fleets = Array.from({ length: count }, () => startStepFleet(options));
  await Promise.all(fleets.map((fleet) => fleet.ready));
  return {
    fleets,
    registries: fleets.map((fleet) => fleet.registry),
    stop: () => Promise.all(fleets.map((fleet) => fleet.stop())),
  };
}

export async function startRuns({ store, publisher, scope, definition, bindings, count, tag }: {
  store: TRunStore;
  publisher: TStepPublisher;
  scope: { partnerId: string; clientId: string };
  definition: TWorkflowDefinitionInput;
  bindings: readonly string[];
  count: number;
  tag: string;
}): Promise<string[]> {
  const runIds: string[] = [];
  for (let i = 0; i < count; i++) runIds.push((await startRun({ store, publisher, scope, definition, bindings, input: { i }, idempotencyKey: `${tag}-${i}` })).runId);
  return runIds;
}

export async function runStatuses(adminDb: TDb, runIds: readonly string[]): Promise<Record<string, number>> {
  const rows = await adminDb.workflowRun.groupBy({ by: ["status"], where: { id: { in: [...runIds] } }, _count: true });
  return Object.fromEntries(rows.map((row) => [row.status, row._count]));
}

/** The most intervals open at one instant; an interval ending as another starts does not overlap it. */
export function maxOverlap(intervals: readonly { start: number; end: number }[]): number {
  const events = intervals.flatMap(({ start, end }) => [[start, 1] as const, [end, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, change] of events) most = Math.max(most, (open += change));
  return most;
}

/**
 * A metric's value summed over registries (one per fleet), for the series
 * matching `labels`; a histogram's series by their full name (`…_count`).
 */
export async function metricSum(registries: readonly Registry[], name: string, labels: Record<string, string> = {}): Promise<number> {
  const base = name.replace(/_(count|sum|bucket)$/, "");
  let sum = 0;
  for (const registry of registries) {
    const metric = (await (registry.getSingleMetric(name) ?? registry.getSingleMetric(base))?.get()) ?? { values: [] };
    for (const series of metric.values) {
      const seriesName = "metricName" in series && typeof series.metricName === "string" ? series.metricName : base;
      if (seriesName !== name) continue;
      if (Object.entries(labels).every(([label, wanted]) => String(series.labels[label]) === wanted)) sum += series.value;
    }
  }
  return sum;
}
