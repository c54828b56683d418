/** run.list and run.get: tenant scope, filters, keyset pagination, and what a run's page shows. */
import { randomUUID } from "node:crypto";
import { type RunStatus } from "@storeflow/db";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { callerAs, useApiTenants } from "./test/harness";

const state = useApiTenants();

const T0 = Date.parse("2026-01-01T00:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const KEY = "read.orders";

type TClientKey = "a1" | "a2" | "b1";

async function insertRun({ client, createdAt, status, correlationKey = null, workflowKey = KEY }: { client: TClientKey; createdAt: Date; status: RunStatus; correlationKey?: string | null; workflowKey?: string }) {
  const { tenants, t } = state;
  const [partnerId, clientId] = { a1: [tenants.partnerA.id, tenants.clientA1.id], a2: [tenants.partnerA.id, tenants.clientA2.id], b1: [tenants.partnerB.id, tenants.clientB1.id] }[client];
  // Any definition of the partner does: these runs are only read.
  const { definitionHash } = await t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: tenants.failedRunIds[client] }, select: { definitionHash: true } });
  const run = await t.adminDb.workflowRun.create({
    data: {
      id: randomUUID(),
      partnerId: partnerId!,
      clientId: clientId!,
      workflowKey,
      workflowVersion: "1.0.0",
      definitionHash,
      input: { order: correlationKey },
      status,
      currentStep: status === "succeeded" || status === "cancelled" ? null : "ship",
      pendingJobId: status === "running" ? `internal-job-${randomUUID()}` : null,
      idempotencyKey: randomUUID(),
      correlationKey,
      createdAt,
      finishedAt: status === "running" ? null : createdAt,
    },
    select: { id: true },
  });
  return run.id;
}

/** Client A1's runs of KEY, newest first; r3 and r4 share a creation time, so their ids order them. */
let a1Runs: string[];
let a2Run: string;
let b1Run: string;
const runs = {} as Record<"r1" | "r2" | "r3" | "r4" | "r5", string>;

beforeAll(async () => {
  runs.r1 = await insertRun({ client: "a1", createdAt: at(1), status: "succeeded", correlationKey: "order-1" });
  runs.r2 = await insertRun({ client: "a1", createdAt: at(2), status: "failed", correlationKey: "order-2" });
  runs.r3 = await insertRun({ client: "a1", createdAt: at(3), status: "running", correlationKey: "order-1" });
  runs.r4 = await insertRun({ client: "a1", createdAt: at(3), status: "cancelled", correlationKey: "order-3" });
  runs.r5 = await insertRun({ client: "a1", createdAt: at(4), status: "failed", correlationKey: "order-1" });
  a2Run = await insertRun({ client: "a2", createdAt: at(2), status: "failed", correlationKey: "order-1" });
  b1Run = await insertRun({ client: "b1", createdAt: at(2), status: "failed", correlationKey: "order-1" });
  await insertRun({ client: "a1", createdAt: at(5), status: "succeeded", workflowKey: "read.stock" });
  a1Runs = [runs.r5, ...[runs.r3, runs.r4].sort().reverse(), runs.r2, runs.r1];
});

const as = (user: { id: string; email: string }) => callerAs(state, user);
const viewerA1 = () => as(state.tenants.usersA.client_viewer);
const operatorA = () => as(state.tenants.usersA.partner_operator);
const ids = (page: { items: { id: string }[] }) => page.items.map((run) => run.id);

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("run.list", () => {
  it("shows a client user only their own client's runs, and names no other client", async () => {
    const api = await viewerA1();
    expect(ids(await api.run.list({ workflowKey: KEY }))).toEqual(a1Runs);
    const everything = await api.run.list({ limit: 100 });
    expect(new Set(everything.items.map((run) => run.clientId))).toEqual(new Set([state.tenants.clientA1.id]));
    expect((await refusal(api.run.list({ clientId: state.tenants.clientA2.id }))).code).toBe("NOT_FOUND");
    expect((await refusal(api.run.list({ clientId: state.tenants.clientB1.id }))).code).toBe("NOT_FOUND");
  });

  it("shows partner staff every client of their partner and nothing of another partner", async () => {
    const mine = ids(await (await operatorA()).run.list({ workflowKey: KEY, limit: 100 }));
    expect(mine.sort()).toEqual([...a1Runs, a2Run].sort());
    expect(ids(await (await operatorA()).run.list({ workflowKey: KEY, clientId: state.tenants.clientA2.id }))).toEqual([a2Run]);
    expect(ids(await (await as(state.tenants.ownerB)).run.list({ workflowKey: KEY }))).toEqual([b1Run]);
  });

  it("filters by status (several at once), correlation key and creation time, and combines them", async () => {
    const api = await viewerA1();
    const list = (filter: Parameters<typeof api.run.list>[0]) => api.run.list({ workflowKey: KEY, ...filter }).then(ids);
    expect(await list({ status: ["failed"] })).toEqual([runs.r5, runs.r2]);
    expect(await list({ status: ["failed", "cancelled"] })).toEqual([runs.r5, runs.r4, runs.r2]);
    expect(await list({ correlationKey: "order-1" })).toEqual([runs.r5, runs.r3, runs.r1]);
    // From is inclusive, to exclusive: r5 was created exactly at the end.
    expect(await list({ createdFrom: at(2), createdTo: at(4) })).toEqual(a1Runs.slice(1, 4));
    expect(await list({ status: ["failed"], correlationKey: "order-1" })).toEqual([runs.r5]);
    expect(await api.run.list({ workflowKey: "read.stock" }).then((page) => page.items.map((run) => run.workflowKey))).toEqual(["read.stock"]);
  });

  it("refuses bad filters with BAD_REQUEST", async () => {
    const api = await viewerA1();
    expect((await refusal(api.run.list({ limit: 101 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(api.run.list({ createdFrom: at(4), createdTo: at(2) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(api.run.list({ status: ["sleeping" as RunStatus] }))).code).toBe("BAD_REQUEST");
    const cursor = await refusal(api.run.list({ cursor: "not-a-cursor" }));
    expect(cursor).toMatchObject({ code: "BAD_REQUEST", cause: { field: "cursor" } });
  });

  it("returns summaries without the executor's bookkeeping", async () => {
    const [running] = (await (await viewerA1()).run.list({ workflowKey: KEY, status: ["running"] })).items;
    expect(Object.keys(running!).sort()).toEqual(
      ["clientId", "clientName", "correlationKey", "createdAt", "currentStep", "error", "finishedAt", "id", "parentRunId", "status", "triage", "trigger", "updatedAt", "workflowKey", "workflowVersion"].sort(),
    );
    expect(running).toMatchObject({ id: runs.r3, clientName: state.tenants.clientA1.name, currentStep: "ship", trigger: "manual" });
  });

  it("pages newest first by (created, id); a run created while paging does not move later pages", async () => {
    const api = await viewerA1();
    const first = await api.run.list({ workflowKey: KEY, limit: 2 });
    expect(ids(first)).toEqual(a1Runs.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));

    await insertRun({ client: "a1", createdAt: new Date(), status: "running" });
    const second = await api.run.list({ workflowKey: KEY, limit: 2, cursor: first.nextCursor! });
    expect(ids(second)).toEqual(a1Runs.slice(2, 4));
    const last = await api.run.list({ workflowKey: KEY, limit: 2, cursor: second.nextCursor! });
    expect(ids(last)).toEqual(a1Runs.slice(4));
    expect(last.nextCursor).toBeNull();
    // The same cursor gives the same page again.
    expect(ids(await api.run.list({ workflowKey: KEY, limit: 2, cursor: first.nextCursor! }))).toEqual(ids(second));
  });
});

describe("run.get", () => {
  it("shows a run's step attempts in the order they finished, unfinished ones last", async () => {
    const { tenants, t } = state;
    const step = (stepKey: string, attempt: number, finishedAt: Date | null) =>
      t.adminDb.stepRun.create({
        data: { id: randomUUID(), partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, runId: runs.r2, stepKey, attempt, status: finishedAt ? "succeeded" : "running", startedAt: at(2), finishedAt },
      });
    await step("charge", 1, at(30));
    await step("ship", 1, null);
    await step("fetch", 1, at(10));
    const run = await (await viewerA1()).run.get({ runId: runs.r2 });
    expect(run.steps.map((s) => s.stepKey)).toEqual(["fetch", "charge", "ship"]);
    expect(run).toMatchObject({ id: runs.r2, status: "failed", input: { order: "order-2" }, approvals: [], parent: null, children: [] });
    for (const internal of ["pendingJobId", "dueAt", "generation", "definitionHash", "idempotencyKey", "partnerId"]) expect(run).not.toHaveProperty(internal);
  });

  it("shows a run's approvals", async () => {
    const approvalId = state.tenants.pendingApprovalIds.a1;
    const { runId } = await state.t.adminDb.approval.findUniqueOrThrow({ where: { id: approvalId }, select: { runId: true } });
    const run = await (await viewerA1()).run.get({ runId });
    expect(run).toMatchObject({ status: "running", currentStep: "approve" });
    expect(run.approvals).toEqual([expect.objectContaining({ id: approvalId, status: "pending", stepKey: "approve", workflowKey: "test.refund-approval" })]);
  });

  it("links a replay and its original both ways", async () => {
    const original = state.tenants.failedRunIds.a1;
    const api = await operatorA();
    const { runId: replay } = await api.run.replay({ runId: original });
    const shown = await api.run.get({ runId: original });
    expect(shown.children).toEqual([expect.objectContaining({ id: replay, trigger: "replay", status: "running" })]);
    expect(shown.parent).toBeNull();
    expect((await api.run.get({ runId: replay })).parent).toMatchObject({ id: original, status: "failed", workflowKey: "seed.refund" });
  });

  it("does not find another partner's run, or a sibling client's run for a client user", async () => {
    expect((await refusal((await viewerA1()).run.get({ runId: a2Run }))).code).toBe("NOT_FOUND");
    expect((await refusal((await viewerA1()).run.get({ runId: b1Run }))).code).toBe("NOT_FOUND");
    expect((await refusal((await operatorA()).run.get({ runId: b1Run }))).code).toBe("NOT_FOUND");
    expect((await (await operatorA()).run.get({ runId: a2Run })).clientId).toBe(state.tenants.clientA2.id);
  });
});

describe("run.overview", () => {
  const MINUTE = 60_000;
  const rowOf = <TRow extends { clientId: string }>(rows: TRow[], clientId: string) => rows.find((row) => row.clientId === clientId);

  it("counts each client's runs today in its own time zone, its open exceptions and backlog", async () => {
    const { clientA2 } = state.tenants;
    // Fourteen hours ahead of UTC: its day starts at a different instant from a UTC client's.
    await state.t.adminDb.client.update({ where: { id: clientA2.id }, data: { timezone: "Pacific/Kiritimati" } });
    const api = await operatorA();
    const before = rowOf(await api.run.overview({}), clientA2.id)!;
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Pacific/Kiritimati", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(before.dayStart)).toBe("00:00");
    expect(Date.now() - before.dayStart.getTime()).toBeLessThan(24 * 60 * MINUTE);

    const today = before.dayStart;
    const yesterday = new Date(today.getTime() - MINUTE);
    await insertRun({ client: "a2", createdAt: today, status: "succeeded" });
    await insertRun({ client: "a2", createdAt: today, status: "failed" });
    await insertRun({ client: "a2", createdAt: today, status: "running" });
    await insertRun({ client: "a2", createdAt: today, status: "cancelled" });
    await insertRun({ client: "a2", createdAt: yesterday, status: "succeeded" });
    await insertRun({ client: "a2", createdAt: yesterday, status: "failed" });
    await insertRun({ client: "a2", createdAt: yesterday, status: "running" });

    const after = rowOf(await api.run.overview({ clientId: clientA2.id }), clientA2.id)!;
    expect(after.today).toEqual({ succeeded: before.today.succeeded + 1, failed: before.today.failed + 1, running: before.today.running + 1 });
    expect(after.openExceptions).toBe(before.openExceptions + 2);
    expect(after.backlog).toBe(before.backlog + 2);
    expect(after.oldestRunningAt!.getTime()).toBeLessThanOrEqual(yesterday.getTime());
  });

  it("gives a client user their own client's row only, and partner staff no other partner's clients", async () => {
    const { clientA1, clientA2, clientB1 } = state.tenants;
    const viewer = await viewerA1();
    expect((await viewer.run.overview({})).map((row) => row.clientId)).toEqual([clientA1.id]);
    expect((await refusal(viewer.run.overview({ clientId: clientA2.id }))).code).toBe("NOT_FOUND");
    const staff = (await (await operatorA()).run.overview({})).map((row) => row.clientId);
    expect(new Set(staff)).toEqual(new Set([clientA1.id, clientA2.id]));
    expect((await refusal((await operatorA()).run.overview({ clientId: clientB1.id }))).code).toBe("NOT_FOUND");
  });
});
