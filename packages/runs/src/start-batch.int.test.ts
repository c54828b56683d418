/** Starting many runs at once, as the run store batches concurrent starts into one statement. */
import { describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { prepareDefinition, startRun } from "./start-run";
import { type TStepPublisher } from "./step-job";

const h = useRunHarness();

const oneStep = { key: "test.one", version: "1.0.0", start: "one", steps: [{ key: "one", kind: "transform" as const, expression: "1" }] };

describe("starting runs in batches", () => {
  it("starts one run per idempotency key when the same triggers arrive together, keeping each run's own input", async () => {
    const prepared = await prepareDefinition(h.store, h.scopeA().partnerId, oneStep, []);
    const inputs = [null, { n: 1 }, "text", 7, ...Array.from({ length: 16 }, (_, i) => ({ i }))];
    // Each key twice, in the same tick: the starts share statements, and a key's two starts may share one.
    const started = await Promise.all(
      [...inputs, ...inputs].map((input, i) =>
        startRun({ store: h.store, publisher: h.publisher, scope: h.scopeA(), prepared, input, idempotencyKey: `batch-${i % inputs.length}` }),
      ),
    );

    const first = started.slice(0, inputs.length);
    const second = started.slice(inputs.length);
    expect(second.map((run) => run.runId)).toEqual(first.map((run) => run.runId));
    first.forEach((run, i) => expect([run.created, second[i]!.created].sort()).toEqual([false, true]));
    expect(h.published.splice(0).map((job) => job.runId).sort()).toEqual(first.map((run) => run.runId).sort());
    const rows = await h.state.t.adminDb.$queryRaw<{ id: string; input: unknown; input_is_sql_null: boolean }[]>`
      select id::text, input, input is null as input_is_sql_null from workflow_runs where id = any(${first.map((run) => run.runId)}::uuid[])`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    // A null input is recorded as JSON null, as a single start records it.
    first.forEach((run, i) => expect(byId.get(run.runId)).toMatchObject({ input: inputs[i], input_is_sql_null: false }));
  });

  it("fails only the starts that name another partner's client or a malformed one, not the starts they went with", async () => {
    const prepared = await prepareDefinition(h.store, h.scopeA().partnerId, oneStep, []);
    const foreign = { partnerId: h.scopeA().partnerId, clientId: h.state.tenants.clientB1.id };
    // Not a uuid: the batch's statement fails, and each start in it is tried again alone.
    const malformed = { partnerId: h.scopeA().partnerId, clientId: "not-a-uuid" };
    const scopeOf = (i: number) => (i === 4 ? foreign : i === 7 ? malformed : h.scopeA());
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => startRun({ store: h.store, publisher: h.publisher, scope: scopeOf(i), prepared, input: { i }, idempotencyKey: `mixed-${i}` })),
    );

    expect(results.map((result) => result.status)).toEqual(results.map((_, i) => (i === 4 || i === 7 ? "rejected" : "fulfilled")));
    expect(String((results[4] as PromiseRejectedResult).reason)).toMatch(/does not belong to partner/);
    expect(String((results[7] as PromiseRejectedResult).reason)).toMatch(/uuid/);
    expect(h.published.splice(0)).toHaveLength(8);
    expect(await h.state.t.adminDb.workflowRun.count({ where: { clientId: foreign.clientId, idempotencyKey: "mixed-4" } })).toBe(0);
  });

  it("records a run only in the turn its publisher admits its client's start to", async () => {
    const prepared = await prepareDefinition(h.store, h.scopeA().partnerId, oneStep, []);
    const turns: { clientId: string; go: () => void }[] = [];
    const publisher: TStepPublisher = {
      publish: (jobs) => h.publisher.publish(jobs),
      admitStart: (clientId, start) => new Promise<void>((resolve) => turns.push({ clientId, go: resolve })).then(start),
    };
    const started = startRun({ store: h.store, publisher, scope: h.scopeA(), prepared, input: {}, idempotencyKey: "in-turn" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(turns.map((turn) => turn.clientId)).toEqual([h.scopeA().clientId]);
    expect(await h.state.t.adminDb.workflowRun.count({ where: { idempotencyKey: "in-turn" } })).toBe(0);
    expect(h.published).toHaveLength(0);

    turns[0]!.go();
    const { runId, created } = await started;
    expect(created).toBe(true);
    expect(await h.state.t.adminDb.workflowRun.count({ where: { id: runId } })).toBe(1);
    expect(h.published.splice(0).map((job) => job.runId)).toEqual([runId]);
  });
});
