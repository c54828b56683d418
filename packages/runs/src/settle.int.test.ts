/** Settling many step attempts in one statement, as the run store batches the executor's settles. */
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { settleSteps, type SettleStepOptions } from "./settle";
import { type TStepJob } from "./step-job";

const h = useRunHarness();

const twoSteps = {
  key: "test.two",
  version: "1.0.0",
  start: "one",
  steps: [
    { key: "one", kind: "transform" as const, expression: "null", next: "two" },
    { key: "two", kind: "transform" as const, expression: "1" },
  ],
};

/** Settles the first step of a run as done with `output`, moving the run to "two". */
function firstStepDone(job: TStepJob, output: unknown): SettleStepOptions {
  const next = { ...job, stepKey: "two", attempt: 1 };
  return {
    job,
    transition: { status: "running", next, error: null, result: { kind: "succeeded", next: "two" } },
    record: { status: "succeeded", output },
    checkAfterMs: 30_000,
  };
}

async function startRuns(count: number) {
  const runIds: string[] = [];
  for (let i = 0; i < count; i++) runIds.push((await h.start(twoSteps)).runId);
  const jobs = h.published.splice(0);
  return { runIds, jobs };
}

describe("settling in batches", () => {
  it("moves each run once: of two settles of one attempt in a statement, one wins and the other finds it moved", async () => {
    const { runIds, jobs } = await startRuns(2);
    const [a, b] = jobs as [TStepJob, TStepJob];
    const settled = await settleSteps(h.store.pool, [firstStepDone(a, null), firstStepDone(a, { duplicate: true }), firstStepDone(b, { cents: 5 })], { lazy: true });

    expect(settled.map((at) => at !== null)).toEqual([true, false, true]);
    for (const runId of runIds) expect(await h.run(runId)).toMatchObject({ currentStep: "two", stepAttempt: 1, status: "running" });
    const rows = await h.state.t.adminDb.$queryRaw<{ run_id: string; output_is_sql_null: boolean; output: unknown }[]>`
      select run_id::text, output is null as output_is_sql_null, output from step_runs where run_id = any(${runIds}::uuid[]) order by run_id`;
    // A null output is recorded as JSON null, which later steps see, not as no output.
    expect(rows).toEqual([
      { run_id: runIds[0], output_is_sql_null: false, output: null },
      { run_id: runIds[1], output_is_sql_null: false, output: { cents: 5 } },
    ]);
  });

  it("settles steps from many concurrent callers through the store, each exactly once", async () => {
    const { runIds, jobs } = await startRuns(60);
    const settled = await Promise.all(jobs.map((job, i) => h.store.settle(firstStepDone(job, { i }))));
    expect(settled.every((at) => at !== null)).toBe(true);
    const again = await Promise.all(jobs.map((job) => h.store.settle(firstStepDone(job, {}))));
    expect(again.every((at) => at === null)).toBe(true);
    const counts = await h.state.t.adminDb.stepRun.groupBy({ by: ["runId"], where: { runId: { in: runIds } }, _count: true });
    expect(counts.map((c) => c._count)).toEqual(runIds.map(() => 1));
  });
});
