/**
 * The run store's `announce`: the runs its batched statements start and end are
 * handed over after commit, and those sessions send no NOTIFY, while every
 * other change to a run (anyone else's start, an operator's action, a triage)
 * still notifies on the live channel.
 */
import { useTestTenants } from "@storeflow/db/test";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeStep } from "./execute-step";
import { cancelRun } from "./operator-actions";
import { createRunStore, type TRunChange, type TRunStore } from "./run-store";
import { prepareDefinition, startRun } from "./start-run";
import { type TStepJob, type TStepPublisher } from "./step-job";

const state = useTestTenants();
const announced: TRunChange[] = [];
let announcing: TRunStore;
let plain: TRunStore;
let listener: pg.Client;
const notified: { id: string; kind: string; status: string }[] = [];
const published: TStepJob[] = [];
const publisher: TStepPublisher = {
  async publish(jobs) {
    published.push(...jobs);
  },
};

beforeAll(async () => {
  announcing = createRunStore({ url: state.t.appUrl, max: 2, announce: (changes) => announced.push(...changes) });
  plain = createRunStore({ url: state.t.appUrl, max: 2 });
  listener = new pg.Client({ connectionString: state.t.appUrl });
  await listener.connect();
  listener.on("notification", ({ payload }) => notified.push(JSON.parse(payload!) as (typeof notified)[number]));
  await listener.query("listen storeflow_live");
});
afterAll(async () => {
  await Promise.all([announcing?.close(), plain?.close(), listener?.end()]);
});

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const oneStep = { key: "test.announce", version: "1.0.0", start: "one", steps: [{ key: "one", kind: "transform" as const, expression: "1" }] };
const noActions = { resolve: () => undefined };
const noWorkflows = { resolve: async () => undefined };

it("announces the runs its starts and settles start and end, after commit, and notifies nothing for them", async () => {
  const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
  const prepared = await prepareDefinition(announcing, scope.partnerId, oneStep, []);
  const runs = await Promise.all([1, 2, 3].map((i) => startRun({ store: announcing, publisher, scope, prepared, input: { i }, idempotencyKey: `announce-${i}` })));
  const ids = runs.map((run) => run.runId);
  expect(announced.map((change) => [change.runId, change.status]).sort()).toEqual(ids.map((id) => [id, "running"]).sort());
  expect(announced.every((change) => change.partnerId === scope.partnerId && change.clientId === scope.clientId)).toBe(true);
  // A repeated trigger starts nothing, so tells of nothing.
  await startRun({ store: announcing, publisher, scope, prepared, input: {}, idempotencyKey: "announce-1" });
  expect(announced).toHaveLength(3);

  for (const job of published.splice(0)) expect(await executeStep({ store: announcing, publisher, job, actions: noActions, workflows: noWorkflows })).toMatchObject({ kind: "succeeded" });
  const rows = await state.t.adminDb.$queryRaw<{ status: string }[]>`select status::text from workflow_runs where id = any(${ids}::uuid[])`;
  expect(rows.map((row) => row.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  expect(announced.slice(3).map((change) => [change.runId, change.status]).sort()).toEqual(ids.map((id) => [id, "succeeded"]).sort());

  // NOTIFYs arrive in commit order: once a later, plain start's has arrived, none of the runs above sent one.
  const marker = await startRun({ store: plain, publisher, scope, prepared, input: {}, idempotencyKey: "announce-marker" });
  await until(() => notified.some((n) => n.id === marker.runId), "the plain start's NOTIFY");
  expect(notified.filter((n) => ids.includes(n.id))).toEqual([]);
  expect(announced.map((change) => change.runId)).not.toContain(marker.runId);
});

it("still notifies a status change made anywhere else, and a triage change even from an announcing session", async () => {
  const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
  const prepared = await prepareDefinition(announcing, scope.partnerId, oneStep, []);
  const { runId } = await startRun({ store: announcing, publisher, scope, prepared, input: {}, idempotencyKey: "announce-cancel" });
  published.splice(0);
  announced.splice(0);
  const operator = { db: state.t.db, scope: { partnerId: scope.partnerId, clientId: null, userId: state.tenants.usersA.partner_operator.id } };
  await cancelRun({ operator, publisher }, { runId, reason: "no longer needed" });
  await until(() => notified.some((n) => n.id === runId && n.status === "cancelled"), "the cancellation's NOTIFY");
  expect(announced).toEqual([]);

  const session = new pg.Client({ connectionString: state.t.appUrl, options: "-c app.system=on -c storeflow.run_events=announced" });
  await session.connect();
  try {
    await session.query(`update workflow_runs set triage = '{"label":"test"}'::jsonb where id = $1 and partner_id = $2`, [runId, scope.partnerId]);
  } finally {
    await session.end();
  }
  await until(() => notified.filter((n) => n.id === runId).length === 2, "the triage change's NOTIFY");
});
