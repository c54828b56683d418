/** kpi.anomalies as a workflow condition: a real run through the executor branches on the run's installation's flags. */
import { useTestTenants } from "@storeflow/db/test";
import { PLATFORM_BINDING, type TWorkflowDefinitionInput } from "@storeflow/engine";
import { createRunStore, executeStep, startRun, type TRunStore, type TStepJob, type TStepPublisher } from "@storeflow/runs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, installTestTemplate, thisHour } from "../test/kpi-fixtures";
import { KPI_ANOMALIES_OPERATION, withKpiActions } from "./kpi-actions";

const state = useTestTenants();
let store: TRunStore;

const guarded: TWorkflowDefinitionInput = {
  key: "test-kpis",
  version: "1.0.0",
  start: "check",
  steps: [
    { key: "check", kind: "action", connection: PLATFORM_BINDING, operation: KPI_ANOMALIES_OPERATION, input: { kpi: `"refunds"`, dimension: "input.storeId", withinHours: "6" }, next: "route" },
    { key: "route", kind: "branch", cases: [{ when: "steps.check.output.anomalous", next: "hold" }], otherwise: "proceed" },
    { key: "hold", kind: "transform", expression: `"held for review"` },
    { key: "proceed", kind: "transform", expression: `"refunded"` },
  ],
};

beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 4 });
});
afterAll(() => store?.close());

async function runToEnd(scope: { partnerId: string; clientId: string }, installationId: string, input: unknown): Promise<string[]> {
  const queued: TStepJob[] = [];
  const publisher: TStepPublisher = { publish: async (jobs) => void queued.push(...jobs) };
  const actions = withKpiActions({ resolve: () => undefined }, { db: store.pool });
  const { runId } = await startRun({ store, publisher, scope, definition: guarded, bindings: [], input, idempotencyKey: randomUUID(), installationId });
  for (let job = queued.shift(); job; job = queued.shift()) await executeStep({ store, publisher, job, actions });
  const steps = await state.t.adminDb.stepRun.findMany({ where: { runId }, orderBy: [{ finishedAt: "asc" }, { id: "asc" }], select: { stepKey: true, status: true } });
  expect((await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("succeeded");
  return steps.map((s) => s.stepKey);
}

describe("the kpi.anomalies action", () => {
  it("routes a run to review while its own installation's store has a flag, and lets others through", async () => {
    const { t, tenants } = state;
    const a1 = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id };
    const a2 = { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id };
    const flagged = await installTestTemplate(t, a1);
    const other = await installTestTemplate(t, a2);
    // A refund spike at store S1 of the first installation, in the last closed hour.
    await t.adminDb.kpiAnomaly.create({
      data: { ...a1, installationId: flagged.installationId, kpiKey: "refunds", dimension: "S1", grain: "hour", bucketStart: new Date(thisHour() - HOUR), observed: 20, baseline: 3, spread: 1.4826, score: 11.47, direction: "up", baselineBuckets: 24 },
    });
    expect(await runToEnd(a1, flagged.installationId, { storeId: "S1" })).toEqual(["check", "route", "hold"]);
    // Another store of the same installation, and the other client's installation, have no flag.
    expect(await runToEnd(a1, flagged.installationId, { storeId: "S2" })).toEqual(["check", "route", "proceed"]);
    expect(await runToEnd(a2, other.installationId, { storeId: "S1" })).toEqual(["check", "route", "proceed"]);
  });

  it("fails the step for good on input it does not take, and leaves unknown platform operations unresolved", async () => {
    const actions = withKpiActions({ resolve: () => undefined }, { db: store.pool });
    const handler = actions.resolve(PLATFORM_BINDING, KPI_ANOMALIES_OPERATION)!;
    const call = { connection: PLATFORM_BINDING, operation: KPI_ANOMALIES_OPERATION, idempotencyKey: "k", run: { id: randomUUID(), partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id }, signal: new AbortController().signal };
    await expect(handler({ ...call, input: { withinHours: 0 } })).rejects.toThrow(/withinHours/);
    await expect(handler({ ...call, input: { sku: "x" } })).rejects.toThrow(/sku|Unrecognized/);
    expect(actions.resolve(PLATFORM_BINDING, "kpi.delete")).toBeUndefined();
  });
});
