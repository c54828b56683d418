/**
 * Operator actions on failed and running runs, against the real PostgreSQL with
 * row-level security: each action changes only what it says, audits it, and
 * publishes the job that carries the run on.
 */
import { NonRetryableError, type TWorkflowDefinitionInput } from "@storeflow/engine";
import { DomainError } from "@storeflow/errors";
import { beforeEach, describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { bulkRetryRuns, cancelRun, replayRun, resolveRun, retryRun, skipStep, type TOperator, ZSkipStepInput } from "./operator-actions";
import { startRun } from "./start-run";

const h = useRunHarness();
const { state, publisher } = h;
beforeEach(() => {
  h.handlers["payments.refund"] = async () => {
    throw new NonRetryableError("card processor said no");
  };
});

const refundWorkflow: TWorkflowDefinitionInput = {
  key: "test.refund",
  version: "1.0.0",
  start: "refund",
  steps: [
    { key: "refund", kind: "action", connection: "payments", operation: "refund", input: { order: "input.order" }, next: "receipt" },
    { key: "receipt", kind: "transform", expression: "{ 'refundId': steps.refund.output.id, 'order': input.order }" },
  ],
};

const operatorA = (): TOperator => ({
  db: state.t.db,
  scope: { partnerId: state.tenants.partnerA.id, clientId: null, userId: state.tenants.usersA.partner_operator.id },
});
const operatorB = (): TOperator => ({
  db: state.t.db,
  scope: { partnerId: state.tenants.partnerB.id, clientId: null, userId: state.tenants.clientAdminB1.id },
});

/** A run of client A1 that failed on its refund step. */
async function failedRun(order = crypto.randomUUID()) {
  const { runId } = await startRun({
    store: h.store,
    publisher,
    scope: { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id },
    definition: refundWorkflow,
    bindings: ["payments"],
    input: { order },
    idempotencyKey: order,
    correlationKey: order,
  });
  await h.drain();
  expect(await run(runId)).toMatchObject({ status: "failed", currentStep: "refund" });
  return runId;
}

const { run } = h;
const audits = (targetId: string) => state.t.adminDb.auditEvent.findMany({ where: { targetId }, orderBy: { createdAt: "asc" } });

describe("operator actions", () => {
  it("retries a failed run from its failed step under a new attempt, keeping the failed attempt, and audits it", async () => {
    const runId = await failedRun();
    h.handlers["payments.refund"] = async ({ idempotencyKey }) => ({ id: `re_${idempotencyKey}` });
    const result = await retryRun({ operator: operatorA(), publisher }, { runId });
    expect(result).toEqual({ runId, stepKey: "refund", attempt: 2 });
    expect(h.published).toEqual([expect.objectContaining({ runId, stepKey: "refund", attempt: 2 })]);
    await h.drain();
    expect(await run(runId)).toMatchObject({ status: "succeeded", error: null });
    const steps = await state.t.adminDb.stepRun.findMany({ where: { runId, stepKey: "refund" }, orderBy: { attempt: "asc" } });
    expect(steps.map((s) => [s.attempt, s.status])).toEqual([
      [1, "failed"],
      [2, "succeeded"],
    ]);
    expect((await audits(runId)).map((a) => [a.action, a.actorUserId])).toEqual([["run.retried", operatorA().scope.userId]]);
  });

  it("refuses to retry a run that is not failed, changing nothing", async () => {
    const runId = await failedRun();
    await retryRun({ operator: operatorA(), publisher }, { runId });
    h.published.length = 0;
    await expect(retryRun({ operator: operatorA(), publisher }, { runId })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(h.published).toHaveLength(0);
    expect(await audits(runId)).toHaveLength(1);
  });

  it("cannot see or touch another partner's run: not found, nothing changed, nothing audited", async () => {
    const runId = await failedRun();
    for (const attempt of [
      () => retryRun({ operator: operatorB(), publisher }, { runId }),
      () => resolveRun({ operator: operatorB(), publisher }, { runId, note: "not mine" }),
      () => cancelRun({ operator: operatorB(), publisher }, { runId, reason: "not mine" }),
      () => replayRun({ operator: operatorB(), publisher }, { runId }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await run(runId)).toMatchObject({ status: "failed" });
    expect(h.published).toHaveLength(0);
    expect(await audits(runId)).toHaveLength(0);
  });

  it("skips the failed step with the operator's output, which later steps read, and finishes the run", async () => {
    const order = crypto.randomUUID();
    const runId = await failedRun(order);
    await skipStep({ operator: operatorA(), publisher }, ZSkipStepInput.parse({ runId, output: '{"id": "re_manual_42"}', note: "Refunded by phone" }));
    await h.drain();
    expect(await run(runId)).toMatchObject({ status: "succeeded" });
    const receipt = await state.t.adminDb.stepRun.findFirstOrThrow({ where: { runId, stepKey: "receipt" } });
    expect(receipt.output).toEqual({ refundId: "re_manual_42", order });
    const skipped = await state.t.adminDb.stepRun.findFirstOrThrow({ where: { runId, stepKey: "refund", attempt: 2 } });
    expect(skipped).toMatchObject({ status: "succeeded", output: { id: "re_manual_42" }, error: { skipped: true, note: "Refunded by phone" } });
    expect((await audits(runId)).map((a) => a.action)).toEqual(["run.step_skipped"]);
  });

  it("rejects a skip without a note as bad input, changing nothing", async () => {
    const runId = await failedRun();
    const error = await skipStep({ operator: operatorA(), publisher }, { runId, output: {}, note: " " }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(DomainError);
    expect(String(error)).toMatch(/Say why the step is skipped/);
    expect(await run(runId)).toMatchObject({ status: "failed" });
  });

  it("refuses to skip a step inside a forEach item, changing nothing", async () => {
    const { runId } = await startRun({
      store: h.store,
      publisher,
      scope: { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id },
      definition: {
        key: "test.refund-lines",
        version: "1.0.0",
        start: "lines",
        steps: [
          { key: "lines", kind: "forEach", items: "input.lines", maxItems: 5, body: "refund" },
          { key: "refund", kind: "action", connection: "payments", operation: "refund", input: { line: "item" } },
        ],
      },
      bindings: ["payments"],
      input: { lines: ["a", "b"] },
      idempotencyKey: crypto.randomUUID(),
    });
    await h.drain();
    expect(await run(runId)).toMatchObject({ status: "failed", currentStep: "refund" });
    await expect(skipStep({ operator: operatorA(), publisher }, { runId, output: {}, note: "by hand" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await run(runId)).toMatchObject({ status: "failed" });
    expect(await audits(runId)).toHaveLength(0);
  });

  it("rejects an output that is not JSON, naming the field", async () => {
    const runId = crypto.randomUUID();
    const parsed = ZSkipStepInput.safeParse({ runId, output: "{refundId: re_1", note: "by phone" });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ["output"], message: expect.stringMatching(/Write valid JSON/) })]);
  });

  it("resolves a failed run with a note, and cancels a running one so its queued job does nothing", async () => {
    const failed = await failedRun();
    await resolveRun({ operator: operatorA(), publisher }, { runId: failed, note: "Customer refunded in store" });
    expect(await run(failed)).toMatchObject({ status: "resolved", resolution: { note: "Customer refunded in store", userId: operatorA().scope.userId } });

    const { runId: running } = await startRun({
      store: h.store,
      publisher,
      scope: { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id },
      definition: refundWorkflow,
      bindings: ["payments"],
      input: { order: "o-cancel" },
      idempotencyKey: "o-cancel",
    });
    await cancelRun({ operator: operatorA(), publisher }, { runId: running, reason: "Order was a duplicate" });
    let called = false;
    h.handlers["payments.refund"] = async () => {
      called = true;
      return {};
    };
    await h.drain();
    expect(called).toBe(false);
    expect(await run(running)).toMatchObject({ status: "cancelled", pendingJobId: null });
    expect((await audits(running)).map((a) => a.action)).toEqual(["run.cancelled"]);
  });

  it("replays a run as a new linked run with the original input and version", async () => {
    const order = crypto.randomUUID();
    const original = await failedRun(order);
    h.handlers["payments.refund"] = async () => ({ id: "re_replayed" });
    const { runId } = await replayRun({ operator: operatorA(), publisher }, { runId: original });
    await h.drain();
    expect(await run(runId)).toMatchObject({ status: "succeeded", input: { order }, trigger: "replay", parentRunId: original, correlationKey: order });
    expect(await run(original)).toMatchObject({ status: "failed" });
  });

  it("bulk-retries only the failed runs the filter names, in one audit event", async () => {
    const failures = [await failedRun(), await failedRun()];
    const resolved = await failedRun();
    await resolveRun({ operator: operatorA(), publisher }, { runId: resolved, note: "handled" });
    const result = await bulkRetryRuns({ operator: operatorA(), publisher }, { workflowKey: "test.refund", stepKey: "refund", clientId: state.tenants.clientA1.id });
    expect(result.runIds).toEqual(expect.arrayContaining(failures));
    expect(result.runIds).not.toContain(resolved);
    expect(h.published.map((job) => job.runId).sort()).toEqual([...result.runIds].sort());
    const bulk = await state.t.adminDb.auditEvent.findMany({ where: { action: "run.bulk_retried" } });
    expect(bulk).toHaveLength(1);
    expect(bulk[0]!.data).toMatchObject({ count: result.retried });
  });
});
