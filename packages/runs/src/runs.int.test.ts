/**
 * The run executor against the real PostgreSQL, with the queue replaced by a
 * recorder: each test delivers the recorded jobs itself, so it can deliver one
 * twice, late, or not at all.
 */
import { useTestTenants } from "@storeflow/db/test";
import { DefinitionError, NonRetryableError, RateLimitedError, RetryableError, type TWorkflowDefinitionInput } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TActionHandler, type TActionRegistry } from "./actions";
import { executeStep } from "./execute-step";
import { reconcileRuns } from "./reconcile";
import { createRunStore, type TRunStore } from "./run-store";
import { startRun } from "./start-run";
import { stepJobId, type TStepJob, type TStepPublisher } from "./step-job";

const state = useTestTenants();
let store: TRunStore;
let published: TStepJob[];
const publisher: TStepPublisher = {
  async publish(jobs) {
    published.push(...jobs);
  },
};

let handlers: Record<string, TActionHandler>;
const actions: TActionRegistry = { resolve: (connection, operation) => handlers[`${connection}.${operation}`] };

beforeAll(() => {
  store = createRunStore({ url: state.t.appUrl, max: 4 });
});
afterAll(() => store?.close());
beforeEach(() => {
  published = [];
  handlers = {};
});

const scopeA = () => ({ partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id });

const refundWorkflow: TWorkflowDefinitionInput = {
  key: "test.refund",
  version: "1.0.0",
  start: "amount",
  steps: [
    { key: "amount", kind: "transform", expression: "input.total * 100", next: "large" },
    { key: "large", kind: "branch", cases: [{ when: "steps.amount.output > 10000", next: "review" }], otherwise: "refund" },
    { key: "review", kind: "action", connection: "erp", operation: "flag", input: { cents: "steps.amount.output" } },
    {
      key: "refund",
      kind: "action",
      connection: "payments",
      operation: "refund",
      input: { cents: "steps.amount.output", order: "input.order" },
      retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 100, jitter: 0 },
    },
  ],
};

async function start(definition: TWorkflowDefinitionInput, input: unknown, key: string = crypto.randomUUID(), bindings = ["erp", "payments"]) {
  return startRun({ store, publisher, scope: scopeA(), definition, bindings, input, idempotencyKey: key });
}

/** Delivers published jobs in order until none is left; returns every result. */
async function drain() {
  const results = [];
  while (published.length > 0) {
    const job = published.shift()!;
    results.push(await executeStep({ store, publisher, job, actions }));
  }
  return results;
}

const run = (id: string) => state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id } });
const attempts = (runId: string) => state.t.adminDb.stepRun.findMany({ where: { runId }, orderBy: [{ startedAt: "asc" }, { attempt: "asc" }] });

describe("startRun", () => {
  it("records the run with its first job, publishes that job, and starts one run per idempotency key", async () => {
    const first = await start(refundWorkflow, { total: 12, order: "o-1" }, "order-o-1");
    expect(first.created).toBe(true);
    expect(published).toHaveLength(1);
    const [job] = published;
    expect(job).toMatchObject({ runId: first.runId, stepKey: "amount", iteration: 0, attempt: 1, generation: 0 });
    expect(await run(first.runId)).toMatchObject({ status: "running", currentStep: "amount", pendingJobId: stepJobId(job!) });

    const again = await start(refundWorkflow, { total: 99, order: "o-1" }, "order-o-1");
    expect(again).toEqual({ runId: first.runId, created: false });
    expect(published).toHaveLength(1);
    expect(await state.t.adminDb.workflowRun.count({ where: { idempotencyKey: "order-o-1" } })).toBe(1);
  });

  it("refuses to start a run for a client of another partner, recording and publishing nothing", async () => {
    const forged = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientB1.id };
    const start = startRun({ store, publisher, scope: forged, definition: refundWorkflow, bindings: ["erp", "payments"], input: {}, idempotencyKey: "forged" });
    await expect(start).rejects.toThrow(/does not belong to partner/);
    expect(await state.t.adminDb.workflowRun.count({ where: { idempotencyKey: "forged" } })).toBe(0);
    expect(published).toHaveLength(0);
  });

  it.each([
    ["unknown step kind", { ...refundWorkflow, steps: [{ key: "amount", kind: "teleport" }] }, "unknown_kind"],
    [
      "cycle",
      {
        ...refundWorkflow,
        start: "a",
        steps: [
          { key: "a", kind: "transform", expression: "1", next: "b" },
          { key: "b", kind: "transform", expression: "2", next: "a" },
        ],
      },
      "cycle",
    ],
    ["missing binding", refundWorkflow, "missing_binding"],
    ["invalid expression", { ...refundWorkflow, steps: [{ key: "amount", kind: "transform", expression: "input.total *" }] }, "invalid_expression"],
  ])("rejects a definition with a %s, naming it, and writes nothing", async (_, definition, code) => {
    const before = await state.t.adminDb.workflowRun.count();
    const error = await startRun({ store, publisher, scope: scopeA(), definition, bindings: ["erp"], input: {}, idempotencyKey: crypto.randomUUID() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).issues.map((i) => i.code)).toContain(code);
    expect(await state.t.adminDb.workflowRun.count()).toBe(before);
    expect(published).toHaveLength(0);
  });
});

describe("executeStep", () => {
  it("runs transform, branch and action steps, each reading earlier outputs, with a stable idempotency key", async () => {
    const calls: unknown[] = [];
    handlers["payments.refund"] = async (call) => {
      calls.push(call.input);
      return { refundId: `re_${call.idempotencyKey}` };
    };
    const { runId } = await start(refundWorkflow, { total: 12.5, order: "o-2" });
    const results = await drain();
    expect(results.map((r) => r.kind)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(calls).toEqual([{ cents: 1250, order: "o-2" }]);
    const finished = await run(runId);
    expect(finished).toMatchObject({ status: "succeeded", currentStep: null, pendingJobId: null });
    expect(finished.finishedAt).not.toBeNull();
    const steps = await attempts(runId);
    expect(steps.map((s) => [s.stepKey, s.status])).toEqual([
      ["amount", "succeeded"],
      ["large", "succeeded"],
      ["refund", "succeeded"],
    ]);
    expect(steps[2]!.output).toEqual({ refundId: `re_${runId}:refund:0` });
    expect(steps[2]!.input).toEqual({ cents: 1250, order: "o-2" });
  });

  it("treats a second delivery of a settled job as stale: nothing recorded twice, nothing published", async () => {
    handlers["payments.refund"] = async () => ({ ok: true });
    const { runId } = await start(refundWorkflow, { total: 1, order: "o-3" });
    const job = published.shift()!;
    expect((await executeStep({ store, publisher, job, actions })).kind).toBe("succeeded");
    expect(published).toHaveLength(1);
    expect(await executeStep({ store, publisher, job, actions })).toEqual({ kind: "stale" });
    expect(published).toHaveLength(1);
    const amount = (await attempts(runId)).filter((s) => s.stepKey === "amount");
    expect(amount.map((s) => s.status)).toEqual(["succeeded"]);
  });

  it("refuses a job whose tenant does not match the run", async () => {
    const { runId } = await start(refundWorkflow, { total: 1, order: "o-4" });
    const job = published.shift()!;
    const forged = { ...job, partnerId: state.tenants.partnerB.id, clientId: state.tenants.clientB1.id };
    expect(await executeStep({ store, publisher, job: forged, actions })).toEqual({ kind: "stale" });
    expect(await attempts(runId)).toHaveLength(0);
    expect((await run(runId)).currentStep).toBe("amount");
  });

  it("retries a retryable failure with backoff under the next attempt, honouring Retry-After, then succeeds", async () => {
    let calls = 0;
    const keys = new Set<string>();
    handlers["payments.refund"] = async (call) => {
      keys.add(call.idempotencyKey);
      calls++;
      if (calls === 1) throw new RetryableError("gateway timeout");
      if (calls === 2) throw new RateLimitedError("429", { retryAfterMs: 2500 });
      return { ok: true };
    };
    const { runId } = await start(refundWorkflow, { total: 1, order: "o-5" });
    const results = await drain();
    expect(results.map((r) => r.kind)).toEqual(["succeeded", "succeeded", "retrying", "retrying", "succeeded"]);
    expect(results[3]).toEqual({ kind: "retrying", delayMs: 2500 });
    expect(keys.size).toBe(1);
    const refund = (await attempts(runId)).filter((s) => s.stepKey === "refund");
    expect(refund.map((s) => [s.attempt, s.status])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "succeeded"],
    ]);
    expect(refund[0]!.error).toMatchObject({ message: "gateway timeout", retryable: true });
    expect(await run(runId)).toMatchObject({ status: "succeeded" });
  });

  it("fails the run into the exception queue when the step says so", async () => {
    handlers["payments.refund"] = async () => {
      throw new NonRetryableError("card closed");
    };
    const definition = {
      ...refundWorkflow,
      steps: refundWorkflow.steps.map((s) => (s.key === "refund" ? { ...s, onError: { action: "exception" as const } } : s)),
    };
    const { runId } = await start(definition, { total: 1, order: "o-6" });
    const results = await drain();
    expect(results.at(-1)).toEqual({ kind: "failed", reason: 'step "refund" failed: card closed' });
    const failed = await run(runId);
    expect(failed).toMatchObject({ status: "failed", currentStep: "refund", pendingJobId: null });
    expect(failed.error).toEqual({ step: "refund", reason: 'step "refund" failed: card closed', exception: true });
  });

  it("continues past a failed step with onError continue, handing on its error as output", async () => {
    handlers["erp.note"] = async () => {
      throw new NonRetryableError("erp offline");
    };
    const definition: TWorkflowDefinitionInput = {
      key: "test.continue",
      version: "1.0.0",
      start: "note",
      steps: [
        { key: "note", kind: "action", connection: "erp", operation: "note", input: {}, onError: { action: "continue" }, next: "summary" },
        { key: "summary", kind: "transform", expression: "'noted: ' & steps.note.output.error" },
      ],
    };
    const { runId } = await start(definition, {});
    await drain();
    const steps = await attempts(runId);
    expect(steps.map((s) => [s.stepKey, s.status])).toEqual([
      ["note", "failed"],
      ["summary", "succeeded"],
    ]);
    expect(steps[1]!.output).toBe("noted: erp offline");
    expect(await run(runId)).toMatchObject({ status: "succeeded" });
  });
});

describe("reconcileRuns", () => {
  it("re-publishes overdue runs whose job the queue lost, under a new generation, and leaves live ones alone", async () => {
    const lost = await start(refundWorkflow, { total: 1, order: "o-7" });
    const live = await start(refundWorkflow, { total: 1, order: "o-8" });
    const liveJobId = stepJobId(published[1]!);
    published = [];
    await state.t.adminDb.workflowRun.updateMany({ where: { id: { in: [lost.runId, live.runId] } }, data: { dueAt: new Date(Date.now() - 1000) } });

    const asked: string[] = [];
    const repaired = await reconcileRuns({
      store,
      publisher,
      isJobAlive: async (jobId) => {
        asked.push(jobId);
        return jobId === liveJobId;
      },
    });
    expect(repaired).toBe(1);
    expect(published).toEqual([{ partnerId: scopeA().partnerId, clientId: scopeA().clientId, runId: lost.runId, stepKey: "amount", iteration: 0, attempt: 1, generation: 1 }]);
    expect(await run(lost.runId)).toMatchObject({ generation: 1, pendingJobId: stepJobId(published[0]!) });
    const stillLive = await run(live.runId);
    expect(stillLive).toMatchObject({ generation: 0, pendingJobId: liveJobId });
    expect(stillLive.dueAt.getTime()).toBeGreaterThan(Date.now());

    // The re-published job advances the run; a late delivery of the original then changes nothing.
    handlers["payments.refund"] = async () => ({ ok: true });
    await drain();
    expect(await run(lost.runId)).toMatchObject({ status: "succeeded" });
    const original = { partnerId: scopeA().partnerId, clientId: scopeA().clientId, runId: lost.runId, stepKey: "amount", iteration: 0, attempt: 1, generation: 0 };
    expect(await executeStep({ store, publisher, job: original, actions })).toEqual({ kind: "stale" });
  });
});
