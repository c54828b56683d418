/** forEach, emit and notify steps against the real PostgreSQL. */
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { type TActionCall } from "./actions";
import { executeStep } from "./execute-step";
import { reconcileRuns } from "./reconcile";
import { type TStepPublisher } from "./step-job";

const h = useRunHarness();

function linesWorkflow(maxItems = 10): TWorkflowDefinitionInput {
  return {
    key: "test.lines",
    version: "1.0.0",
    start: "lines",
    steps: [
      { key: "lines", kind: "forEach", items: "input.lines", maxItems, body: "price", next: "total" },
      {
        key: "price",
        kind: "action",
        connection: "erp",
        operation: "price",
        // sawLine: an item must not see the previous item's later steps.
        input: { sku: "item.sku", index: "index", sawLine: "$exists(steps.line)" },
        next: "line",
      },
      { key: "line", kind: "transform", expression: "{ 'sku': item.sku, 'cents': steps.price.output.cents * item.qty }" },
      { key: "total", kind: "transform", expression: "$sum(steps.lines.output.cents)" },
    ],
  };
}

const lines = [
  { sku: "a", qty: 1 },
  { sku: "b", qty: 2 },
  { sku: "c", qty: 3 },
];

describe("forEach step", () => {
  it("runs its body once per item in order, with distinct idempotency keys, and gathers each item's last output", async () => {
    const calls: TActionCall[] = [];
    h.handlers["erp.price"] = async (call) => {
      calls.push(call);
      return { cents: 100 * (Number(call.input.index) + 1) };
    };
    const { runId } = await h.start(linesWorkflow(), { lines }, ["erp"]);
    const results = await h.drain();
    expect(results.every((r) => r.kind === "succeeded")).toBe(true);
    expect(calls.map((c) => [c.idempotencyKey, c.input])).toEqual([
      [`${runId}:price:0`, { sku: "a", index: 0, sawLine: false }],
      [`${runId}:price:1`, { sku: "b", index: 1, sawLine: false }],
      [`${runId}:price:2`, { sku: "c", index: 2, sawLine: false }],
    ]);
    const steps = await h.attempts(runId);
    expect(steps.map((s) => [s.stepKey, s.iteration, s.status])).toEqual([
      ["lines", 0, "running"],
      ["price", 0, "succeeded"],
      ["line", 0, "succeeded"],
      ["price", 1, "succeeded"],
      ["line", 1, "succeeded"],
      ["price", 2, "succeeded"],
      ["line", 2, "succeeded"],
      ["lines", 0, "succeeded"],
      ["total", 0, "succeeded"],
    ]);
    expect(steps[0]!.input).toEqual({ items: lines });
    expect(steps.at(-2)!.output).toEqual([
      { sku: "a", cents: 100 },
      { sku: "b", cents: 400 },
      { sku: "c", cents: 900 },
    ]);
    expect(steps.at(-1)!.output).toBe(1400);
    expect(await h.run(runId)).toMatchObject({ status: "succeeded" });
  });

  it("goes straight on with an empty output when there are no items", async () => {
    const { runId } = await h.start(linesWorkflow(), { lines: [] }, ["erp"]);
    await h.drain();
    const steps = await h.attempts(runId);
    // JSONata's $sum of no numbers is nothing, recorded as null.
    expect(steps.map((s) => [s.stepKey, s.status, s.output])).toEqual([
      ["lines", "succeeded", []],
      ["total", "succeeded", null],
    ]);
    expect(await h.run(runId)).toMatchObject({ status: "succeeded" });
  });

  it("fails for good, running no item, when there are more items than maxItems", async () => {
    h.handlers["erp.price"] = async () => {
      throw new Error("must not be called");
    };
    const { runId } = await h.start(linesWorkflow(2), { lines }, ["erp"]);
    expect(await h.drain()).toEqual([{ kind: "failed", reason: 'step "lines" failed: items has 3 entries, more than maxItems (2)' }]);
    expect(await h.run(runId)).toMatchObject({ status: "failed", currentStep: "lines" });
  });
});

describe("emit step", () => {
  const parent: TWorkflowDefinitionInput = {
    key: "test.parent",
    version: "1.0.0",
    start: "spawn",
    steps: [{ key: "spawn", kind: "emit", workflow: "test.child", input: { sku: "input.sku" }, retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 10, jitter: 0 } }],
  };
  const child: TWorkflowDefinitionInput = { key: "test.child", version: "1.0.0", start: "echo", steps: [{ key: "echo", kind: "transform", expression: "'child got ' & input.sku" }] };

  it("starts the child workflow exactly once across a retry, linked to its parent", async () => {
    h.workflows["test.child"] = child;
    const { runId } = await h.start(parent, { sku: "s-1" });
    // The first attempt records the child, then loses the publish of its first job and fails.
    let lost = false;
    const flaky: TStepPublisher = {
      async publish(jobs) {
        if (!lost && jobs.some((job) => job.runId !== runId)) {
          lost = true;
          throw new Error("redis went away");
        }
        await h.publisher.publish(jobs);
      },
    };
    const first = await executeStep({ store: h.store, publisher: flaky, job: h.published.shift()!, actions: h.actions, workflows: { resolve: async () => ({ definition: child, bindings: [] }) } });
    expect(first).toMatchObject({ kind: "retrying" });
    expect(await h.deliver(h.takeDelayed(runId))).toEqual({ kind: "succeeded", next: null });

    const children = await h.state.t.adminDb.workflowRun.findMany({ where: { parentRunId: runId } });
    expect(children).toHaveLength(1);
    const [spawned] = children;
    expect(spawned).toMatchObject({ workflowKey: "test.child", trigger: "event", triggerRef: `${runId}:spawn:0`, idempotencyKey: `emit:${runId}:spawn:0`, input: { sku: "s-1" } });
    const spawn = (await h.attempts(runId)).map((s) => [s.attempt, s.status, s.output]);
    expect(spawn).toEqual([
      [1, "failed", null],
      [2, "succeeded", { runId: spawned!.id }],
    ]);

    // The child is its own outbox: its lost first job comes back through the reconciler.
    await h.state.t.adminDb.workflowRun.update({ where: { id: spawned!.id }, data: { dueAt: new Date(Date.now() - 1000) } });
    await reconcileRuns({ store: h.store, publisher: h.publisher, isJobAlive: async () => false });
    await h.drain();
    expect(await h.run(spawned!.id)).toMatchObject({ status: "succeeded" });
    expect((await h.attempts(spawned!.id))[0]!.output).toBe("child got s-1");
  });

  it("fails for good when the client has no such workflow installed", async () => {
    const { runId } = await h.start(parent, { sku: "s-2" });
    expect(await h.drain()).toEqual([{ kind: "failed", reason: 'step "spawn" failed: no workflow "test.child" is installed for this client' }]);
    expect(await h.state.t.adminDb.workflowRun.count({ where: { parentRunId: runId } })).toBe(0);
  });
});

describe("notify step", () => {
  const notifying = (connection?: string): TWorkflowDefinitionInput => ({
    key: "test.notify",
    version: "1.0.0",
    start: "tell",
    steps: [
      {
        key: "tell",
        kind: "notify",
        channel: connection ? "slack" : "email",
        ...(connection ? { connection } : {}),
        template: "refund-done",
        to: "input.email",
        data: { order: "input.order" },
      },
    ],
  });

  it("sends through the registry as notify.<channel> with the step's idempotency key, template, recipient and data", async () => {
    const calls: TActionCall[] = [];
    h.handlers["email.notify.email"] = async (call) => {
      calls.push(call);
      return { messageId: "m-1" };
    };
    h.handlers["team-slack.notify.slack"] = async (call) => {
      calls.push(call);
      return { ts: "1" };
    };
    const email = await h.start(notifying(), { email: "ana@example.test", order: "o-9" });
    const slack = await h.start(notifying("team-slack"), { email: "#refunds", order: "o-10" }, ["team-slack"]);
    await h.drain();
    expect(calls.map(({ connection, operation, idempotencyKey, input }) => ({ connection, operation, idempotencyKey, input }))).toEqual([
      { connection: "email", operation: "notify.email", idempotencyKey: `${email.runId}:tell:0`, input: { template: "refund-done", to: "ana@example.test", data: { order: "o-9" } } },
      { connection: "team-slack", operation: "notify.slack", idempotencyKey: `${slack.runId}:tell:0`, input: { template: "refund-done", to: "#refunds", data: { order: "o-10" } } },
    ]);
    expect((await h.attempts(email.runId))[0]).toMatchObject({ status: "succeeded", output: { messageId: "m-1" } });
  });

  it("fails for good when nothing provides the channel", async () => {
    const { runId } = await h.start(notifying(), { email: "ana@example.test", order: "o-11" });
    expect(await h.drain()).toEqual([{ kind: "failed", reason: 'step "tell" failed: no connector provides email.notify.email' }]);
    expect(await h.attempts(runId)).toHaveLength(1);
  });
});
