/**
 * A run's steps join the run's trace however their jobs reach the worker: as
 * published, re-published by the reconciler after the queue lost one, or
 * without any trace link at all (the run row's stands in).
 */
import { useTestTenants } from "@storeflow/db/test";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { ATTR_RUN_ID, ATTR_STEP, withSpan } from "@storeflow/telemetry";
import { useInMemoryTracing } from "@storeflow/telemetry/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "./execute-step";
import { reconcileRuns } from "./reconcile";
import { createRunStore, type TRunStore } from "./run-store";
import { startRun } from "./start-run";
import { type TStepJob, type TStepPublisher } from "./step-job";

const state = useTestTenants();
const tracing = useInMemoryTracing();
let store: TRunStore;
const published: TStepJob[] = [];
const publisher: TStepPublisher = { publish: async (jobs) => void published.push(...jobs) };

beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 4 });
});
afterAll(() => store?.close());

const twoSteps: TWorkflowDefinitionInput = {
  key: "test.traced",
  version: "1.0.0",
  start: "first",
  steps: [
    { key: "first", kind: "transform", expression: "input.n + 1", next: "second" },
    { key: "second", kind: "transform", expression: "steps.first.output * 2" },
  ],
};

describe("a run's trace", () => {
  it("holds every step, after a lost job is re-published and when a job names no trace", async () => {
    const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
    const { runId } = await withSpan("request", {}, () => startRun({ store, publisher, scope, definition: twoSteps, bindings: [], input: { n: 1 }, idempotencyKey: crypto.randomUUID() }));
    const row = await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } });
    const start = tracing.spans().find((span) => span.name === "run.start")!;
    expect(row.traceparent).toBe(`00-${start.spanContext().traceId}-${start.spanContext().spanId}-01`);
    expect(published.splice(0)).toEqual([expect.objectContaining({ runId, stepKey: "first", traceparent: row.traceparent })]);

    // The queue lost the first job: the reconciler's copy names the run's start.
    await state.t.adminDb.workflowRun.update({ where: { id: runId }, data: { dueAt: new Date(Date.now() - 1000) } });
    expect(await reconcileRuns({ store, publisher, isJobAlive: async () => false })).toBe(1);
    const [republished] = published.splice(0);
    expect(republished).toMatchObject({ generation: 1, traceparent: row.traceparent });
    await executeStep({ store, publisher, job: republished!, actions: { resolve: () => undefined } });

    // The next job names the step that led to it; one that lost that link still finds the run's trace on the row.
    const [next] = published.splice(0);
    const first = tracing.spans().find((span) => span.name === "step.execute")!;
    expect(next!.traceparent).toBe(`00-${first.spanContext().traceId}-${first.spanContext().spanId}-01`);
    const { traceparent: _dropped, ...unlinked } = next!;
    expect(await executeStep({ store, publisher, job: unlinked, actions: { resolve: () => undefined } })).toEqual({ kind: "succeeded", next: null });
    // A late delivery of the job as published finds the run moved on: a stale step, in the same trace.
    expect(await executeStep({ store, publisher, job: next!, actions: { resolve: () => undefined } })).toEqual({ kind: "stale" });

    const steps = tracing.spans().filter((span) => span.name === "step.execute");
    expect(steps.map((span) => [span.attributes[ATTR_STEP], span.attributes["storeflow.step.outcome"], span.attributes[ATTR_RUN_ID]])).toEqual([
      ["first", "succeeded", runId],
      ["second", "succeeded", runId],
      ["second", "stale", runId],
    ]);
    expect(new Set(steps.map((span) => span.spanContext().traceId))).toEqual(new Set([start.spanContext().traceId]));
    expect(steps.map((span) => span.parentSpanContext?.spanId)).toEqual([start.spanContext().spanId, start.spanContext().spanId, first.spanContext().spanId]);
    expect(await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "succeeded" });
  });
});
