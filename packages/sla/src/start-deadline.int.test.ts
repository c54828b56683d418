/** A run's SLA deadline is set by the run's own INSERT in startRun, from its installation's targets. */
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, startRun, type TRunStore, type TStepJob } from "@storeflow/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installTestTemplate, TEST_SLA, testDefinition, testTemplates } from "../test/sla-fixtures";
import { syncSlaTargets } from "./targets";

const state = useTestTenants();
let store: TRunStore;
const published: TStepJob[] = [];
const publisher = { publish: async (jobs: readonly TStepJob[]) => void published.push(...jobs) };

beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 2 });
});
afterAll(() => store?.close());

const deadlineOf = async (runId: string) =>
  state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId }, select: { createdAt: true, slaDeadline: true } });

describe("a run's SLA deadline", () => {
  it("is created + the installation's run-duration target, in the start's INSERT; runs started before the targets existed get it from the next sync", async () => {
    const { tenants } = state;
    const scope = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id };
    const installed = await installTestTemplate(state.t, scope, new Date());
    const start = (key: string) => startRun({ store, publisher, scope, definition: testDefinition, bindings: [], input: {}, idempotencyKey: key, installationId: installed.installationId });

    const early = await start("before-targets");
    expect((await deadlineOf(early.runId)).slaDeadline).toBeNull();

    expect(await syncSlaTargets(store.pool, testTemplates)).toBe(1);
    const backfilled = await deadlineOf(early.runId);
    expect(backfilled.slaDeadline!.getTime() - backfilled.createdAt.getTime()).toBe(TEST_SLA.runDurationMs);

    const late = await start("after-targets");
    const run = await deadlineOf(late.runId);
    expect(run.slaDeadline!.getTime() - run.createdAt.getTime()).toBe(TEST_SLA.runDurationMs);
    // Nothing more to write on the next sync.
    expect(await syncSlaTargets(store.pool, testTemplates)).toBe(0);
    // A run without an installation has no target, hence no deadline.
    const bare = await startRun({ store, publisher, scope, definition: testDefinition, bindings: [], input: {}, idempotencyKey: "bare" });
    expect((await deadlineOf(bare.runId)).slaDeadline).toBeNull();
    expect(published).toHaveLength(3);
  });
});
