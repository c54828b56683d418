/**
 * A parked step wakes up under a new attempt to look at its clock; those
 * attempts are not failures, so a step that woke up before it failed still gets
 * every retry its policy allows, and the history shows each attempt as it was.
 */
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { executeStep } from "./execute-step";
import { type TRunStore } from "./run-store";
import { type TStepJob } from "./step-job";

const h = useRunHarness();
const HOUR = 3_600_000;

const approvalWorkflow: TWorkflowDefinitionInput = {
  key: "test.wake-ups",
  version: "1.0.0",
  start: "approve",
  steps: [
    { key: "approve", kind: "approval", title: "Refund", assignees: { roles: ["client_admin"] }, expiresInMs: HOUR, next: "refund" },
    { key: "refund", kind: "transform", expression: "'refunded'" },
  ],
};

/** The run store with the named statement failing as a dropped connection would, `times` times. */
function failing(store: TRunStore, statement: string, times: number): TRunStore {
  let left = times;
  const pool = new Proxy(store.pool, {
    get(target, property) {
      if (property !== "query") return Reflect.get(target, property, target) as unknown;
      return (config: { name?: string }, ...rest: unknown[]) => {
        if (config?.name === statement && left > 0) {
          left--;
          return Promise.reject(new Error("Connection terminated unexpectedly"));
        }
        return (target.query as (...args: unknown[]) => Promise<unknown>)(config, ...rest);
      };
    },
  });
  return { ...store, pool };
}

const deliverTo = (store: TRunStore, job: TStepJob) => executeStep({ store, publisher: h.publisher, job, actions: h.actions });

describe("wake-ups of a parked step", () => {
  it("do not count against its retry policy: after two wake-ups its failures still get all three attempts", async () => {
    const { runId } = await h.start(approvalWorkflow);
    expect((await h.drain()).map((r) => r.kind)).toEqual(["parked"]);
    // Two early wake-ups: the approval is still pending, so each parks the run again under the next attempt.
    for (let wake = 0; wake < 2; wake++) expect(await h.deliver(h.takeDelayed(runId))).toMatchObject({ kind: "parked" });

    const store = failing(h.store, "runs.find-approval", 3);
    const first = await deliverTo(store, h.takeDelayed(runId));
    expect(first).toMatchObject({ kind: "retrying" });
    expect(await deliverTo(store, h.takeDelayed(runId))).toMatchObject({ kind: "retrying" });
    const third = await deliverTo(store, h.takeDelayed(runId));
    expect(third).toEqual({ kind: "failed", reason: 'step "approve" failed after 3 attempts: Connection terminated unexpectedly' });

    const history = (await h.attempts(runId)).map((s) => [s.attempt, s.status]);
    expect(history).toEqual([
      [1, "running"],
      [2, "running"],
      [3, "running"],
      [4, "failed"],
      [5, "failed"],
      [6, "failed"],
    ]);
  });

  it("keep counting failures across a retry that woke and parked again", async () => {
    const { runId } = await h.start(approvalWorkflow);
    await h.drain();
    expect(await h.deliver(h.takeDelayed(runId))).toMatchObject({ kind: "parked" });
    expect(await deliverTo(failing(h.store, "runs.find-approval", 1), h.takeDelayed(runId))).toMatchObject({ kind: "retrying" });
    // The retry finds the approval still pending and parks; a later wake-up then fails twice more.
    expect(await h.deliver(h.takeDelayed(runId))).toMatchObject({ kind: "parked" });
    const store = failing(h.store, "runs.find-approval", 2);
    expect(await deliverTo(store, h.takeDelayed(runId))).toMatchObject({ kind: "retrying" });
    expect(await deliverTo(store, h.takeDelayed(runId))).toMatchObject({ kind: "failed", reason: expect.stringContaining("failed after 3 attempts") });
    expect((await h.attempts(runId)).map((s) => s.status)).toEqual(["running", "running", "failed", "running", "failed", "failed"]);
  });
});
