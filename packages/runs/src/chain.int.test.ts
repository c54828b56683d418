/** Steps taken in place: one job carrying its run through several steps, and what a crash mid-chain leaves. */
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { type TStepResult } from "./settle";

const h = useRunHarness();

const order: TWorkflowDefinitionInput = {
  key: "test.order",
  version: "1.0.0",
  start: "lines",
  steps: [
    { key: "lines", kind: "forEach", items: "input.lines", maxItems: 10, body: "price", next: "total" },
    { key: "price", kind: "action", connection: "erp", operation: "price", input: { sku: "item.sku" }, next: "line" },
    { key: "line", kind: "transform", expression: "{ 'cents': steps.price.output.cents * item.qty }" },
    { key: "total", kind: "transform", expression: "$sum(steps.lines.output.cents)", next: "charge" },
    { key: "charge", kind: "action", connection: "psp", operation: "charge", input: { cents: "steps.total.output" } },
  ],
};
const lines = [
  { sku: "a", qty: 1 },
  { sku: "b", qty: 2 },
];

function recordCalls() {
  const keys: string[] = [];
  h.handlers["erp.price"] = async ({ idempotencyKey, input }) => (keys.push(idempotencyKey), { cents: input.sku === "a" ? 100 : 250 });
  h.handlers["psp.charge"] = async ({ idempotencyKey, input }) => (keys.push(idempotencyKey), { charged: input.cents });
  return keys;
}

const always = () => true;
const summary = async (runId: string) => (await h.attempts(runId)).map((s) => [s.stepKey, s.iteration, s.status, s.output]);

describe("steps taken in place", () => {
  it("runs a whole run under its first job, recording every step as the queue-driven path does", async () => {
    const keys = recordCalls();
    const queued = await h.start(order, { lines }, ["erp", "psp"]);
    await h.drain();
    const queuedKeys = keys.splice(0);

    const chained = await h.start(order, { lines }, ["erp", "psp"]);
    const results: TStepResult[] = [];
    const last = await h.deliver(h.published.shift()!, { goOn: always, onStep: (result) => results.push(result) });

    expect(h.published).toEqual([]);
    expect(last).toEqual({ kind: "succeeded", next: null });
    expect(results).toHaveLength((await h.attempts(chained.runId)).length);
    expect(await h.run(chained.runId)).toMatchObject({ status: "succeeded", pendingJobId: null });
    expect(await summary(chained.runId)).toEqual(await summary(queued.runId));
    expect(keys).toEqual(queuedKeys.map((key) => key.replace(queued.runId, chained.runId)));
    expect((await h.attempts(chained.runId)).find((s) => s.stepKey === "charge")?.output).toEqual({ charged: 600 });
  });

  it("goes on with the step a chain had reached when its job is handed out again after a crash", async () => {
    const keys = recordCalls();
    const { runId } = await h.start(order, { lines }, ["erp", "psp"]);
    const job = h.published.shift()!;
    let settled = 0;
    // The worker dies after three steps settled in place, before the fourth starts.
    const crash = (): void => {
      if (++settled === 3) throw new Error("SIGKILL");
    };
    await expect(h.deliver(job, { goOn: always, onStep: crash })).rejects.toThrow("SIGKILL");
    const mid = await h.run(runId);
    expect(mid).toMatchObject({ status: "running", currentStep: "price", currentIteration: 1 });

    // BullMQ hands the stalled job out again: the same payload, naming the first step.
    expect(await h.deliver(job, { goOn: always, delivery: 2 })).toEqual({ kind: "succeeded", next: null });
    expect(h.published).toEqual([]);
    const attempts = await h.attempts(runId);
    expect(attempts.map((s) => [s.stepKey, s.iteration, s.attempt, s.deliveries])).toEqual([
      ["lines", 0, 1, 1],
      ["price", 0, 1, 1],
      ["line", 0, 1, 1],
      ["price", 1, 1, 2],
      ["line", 1, 1, 1],
      ["lines", 0, 2, 1],
      ["total", 0, 1, 1],
      ["charge", 0, 1, 1],
    ]);
    expect(keys).toEqual([`${runId}:price:0`, `${runId}:price:1`, `${runId}:charge:0`]);
    // The first job, delivered once more after the run ended, changes nothing.
    expect(await h.deliver(job, { goOn: always })).toEqual({ kind: "stale" });
  });

  it("publishes the next step when goOn declines, and that job carries the run on", async () => {
    recordCalls();
    const { runId } = await h.start(order, { lines: [lines[0]] }, ["erp", "psp"]);
    await h.deliver(h.published.shift()!, { goOn: (_next, steps) => steps < 2 });
    expect(h.published.map((job) => [job.stepKey, job.iteration])).toEqual([["line", 0]]);
    expect((await h.run(runId)).currentStep).toBe("line");
    await h.drain();
    expect(await h.run(runId)).toMatchObject({ status: "succeeded" });
  });

  it("never takes a delayed step in place: a retry's backoff goes through the queue", async () => {
    recordCalls();
    let failures = 0;
    h.handlers["psp.charge"] = async () => {
      if (failures++ === 0) throw Object.assign(new Error("gateway busy"), { retryAfterMs: 2000 });
      return { charged: true };
    };
    const { runId } = await h.start(order, { lines: [] }, ["erp", "psp"]);
    const last = await h.deliver(h.published.shift()!, { goOn: always });
    expect(last.kind).toBe("retrying");
    expect(h.published).toMatchObject([{ runId, stepKey: "charge", attempt: 2 }]);
    expect(h.published[0]!.delayMs).toBeGreaterThan(0);
    expect(await h.deliver(h.takeDelayed(runId), { goOn: always })).toEqual({ kind: "succeeded", next: null });
  });
});
