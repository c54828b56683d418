/**
 * The quota monitor's sweep against the real PostgreSQL: reads in the system
 * scope, changes each client (pause, lift, notice, audit) in its own scope.
 */
import { randomUUID } from "node:crypto";
import { withTenant } from "@storeflow/db";
import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { beforeEach, describe, expect, it } from "vitest";
import { useRunHarness } from "../test/run-harness";
import { quotaMonth } from "./quota-month";
import { sweepRunQuotas } from "./quota-sweep";
import { startRun } from "./start-run";

const h = useRunHarness();
const { state } = h;

const workflow: TWorkflowDefinitionInput = { key: "test.counted", version: "1.0.0", start: "only", steps: [{ key: "only", kind: "transform", expression: "input" }] };
const DAY = 86_400_000;

const a1 = () => ({ partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id });
const a2 = () => ({ partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA2.id });

async function startRuns(scope: { partnerId: string; clientId: string }, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await startRun({ store: h.store, publisher: h.publisher, scope, definition: workflow, bindings: [], input: { i }, idempotencyKey: randomUUID() })).runId);
  return ids;
}

const sweep = (now?: Date) => sweepRunQuotas({ store: h.store, db: state.t.db, now });
const setClient = (clientId: string, data: Parameters<typeof state.t.adminDb.client.update>[0]["data"]) => state.t.adminDb.client.update({ where: { id: clientId }, data });
const pauseOf = (clientId: string) => state.t.adminDb.client.findUniqueOrThrow({ where: { id: clientId }, select: { runsPausedAt: true, runsPauseReason: true } });
const noticesOf = (clientId: string) => state.t.adminDb.clientQuotaNotice.findMany({ where: { clientId }, orderBy: { createdAt: "asc" }, select: { kind: true, month: true, runs: true, quota: true } });
const auditsOf = (clientId: string) =>
  state.t.adminDb.auditEvent.findMany({ where: { targetId: clientId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { action: true, actorUserId: true, clientId: true, data: true } });
const thisMonth = () => quotaMonth("UTC").month;

beforeEach(async () => {
  // Tests share the file's database: each starts with no runs, notices or audit, and clients without quota or pause.
  const { adminDb } = state.t;
  await adminDb.workflowRun.deleteMany();
  await adminDb.clientQuotaNotice.deleteMany();
  await adminDb.$executeRaw`truncate audit_events`;
  await adminDb.client.updateMany({ data: { monthlyRunQuota: null, quotaWarnPercent: 80, runsPausedAt: null, runsPauseReason: null, timezone: "UTC" } });
});

describe("quota sweep", () => {
  it("warns once at the threshold, pauses at the quota, and audits each as the system", async () => {
    const { clientId } = a1();
    await setClient(clientId, { monthlyRunQuota: 4, quotaWarnPercent: 50 });
    await startRuns(a1(), 1);
    expect(await sweep()).toEqual([]);

    await startRuns(a1(), 1);
    const month = thisMonth();
    expect(await sweep()).toEqual([{ kind: "warned", ...a1(), month, runs: 2, quota: 4 }]);
    await startRuns(a1(), 1);
    expect(await sweep()).toEqual([]);
    expect((await pauseOf(clientId)).runsPausedAt).toBeNull();

    await startRuns(a1(), 1);
    expect(await sweep()).toEqual([{ kind: "paused", ...a1(), month, runs: 4, quota: 4 }]);
    expect(await pauseOf(clientId)).toEqual({ runsPausedAt: expect.any(Date), runsPauseReason: "quota" });
    await startRuns(a1(), 2);
    expect(await sweep()).toEqual([]);

    expect(await noticesOf(clientId)).toEqual([
      { kind: "warn", month, runs: 2, quota: 4 },
      { kind: "pause", month, runs: 4, quota: 4 },
    ]);
    expect(await auditsOf(clientId)).toEqual([
      { action: "client.quota_warned", actorUserId: null, clientId, data: { reason: "quota", month, runs: 2, quota: 4 } },
      { action: "client.runs_paused", actorUserId: null, clientId, data: { reason: "quota", month, runs: 4, quota: 4 } },
    ]);
    // The other clients have no quota: untouched.
    expect((await pauseOf(a2().clientId)).runsPausedAt).toBeNull();
  });

  it("lifts its own pause once the quota is raised or cleared or the month rolls over, and pauses again without a second notice", async () => {
    const { clientId } = a1();
    await setClient(clientId, { monthlyRunQuota: 2 });
    await startRuns(a1(), 2);
    expect((await sweep()).map((c) => c.kind)).toEqual(["warned", "paused"]);

    await setClient(clientId, { monthlyRunQuota: 3 });
    expect(await sweep()).toEqual([{ kind: "lifted", ...a1(), month: thisMonth(), runs: 2, quota: 3 }]);
    expect(await pauseOf(clientId)).toEqual({ runsPausedAt: null, runsPauseReason: null });

    await startRuns(a1(), 1);
    expect((await sweep()).map((c) => c.kind)).toEqual(["paused"]);
    await setClient(clientId, { monthlyRunQuota: null });
    expect(await sweep()).toEqual([{ kind: "lifted", ...a1(), month: thisMonth(), runs: 0, quota: null }]);

    await setClient(clientId, { monthlyRunQuota: 3 });
    expect((await sweep()).map((c) => c.kind)).toEqual(["paused"]);
    const nextMonth = quotaMonth("UTC", new Date(Date.now() + 35 * DAY));
    expect(await sweep(nextMonth.startsAt)).toEqual([{ kind: "lifted", ...a1(), month: nextMonth.month, runs: 0, quota: 3 }]);
    expect((await pauseOf(clientId)).runsPausedAt).toBeNull();

    // Paused three times this month: announced once, audited each time.
    expect((await noticesOf(clientId)).map((n) => n.kind)).toEqual(["warn", "pause"]);
    expect((await auditsOf(clientId)).map((a) => a.action)).toEqual([
      "client.quota_warned",
      "client.runs_paused",
      "client.runs_resumed",
      "client.runs_paused",
      "client.runs_resumed",
      "client.runs_paused",
      "client.runs_resumed",
    ]);
  });

  it("never lifts a pause set for another reason, nor pauses over one", async () => {
    const manual = a1().clientId;
    const unpaid = a2().clientId;
    const pausedAt = new Date(Date.now() - 60_000);
    await setClient(manual, { monthlyRunQuota: 1, runsPausedAt: pausedAt, runsPauseReason: "manual" });
    await setClient(unpaid, { monthlyRunQuota: 5, runsPausedAt: pausedAt, runsPauseReason: "unpaid_invoice" });
    await startRuns(a1(), 2);

    expect((await sweep()).map((c) => [c.kind, c.clientId])).toEqual([["warned", manual]]);
    expect(await pauseOf(manual)).toEqual({ runsPausedAt: pausedAt, runsPauseReason: "manual" });
    await setClient(manual, { monthlyRunQuota: null });
    await setClient(unpaid, { monthlyRunQuota: null });
    expect(await sweep()).toEqual([]);
    expect(await sweep(new Date(Date.now() + 35 * DAY))).toEqual([]);
    expect(await pauseOf(manual)).toEqual({ runsPausedAt: pausedAt, runsPauseReason: "manual" });
    expect(await pauseOf(unpaid)).toEqual({ runsPausedAt: pausedAt, runsPauseReason: "unpaid_invoice" });
  });

  it("counts the runs of the month in the client's own time zone", async () => {
    const { clientId } = a1();
    await setClient(clientId, { monthlyRunQuota: 2, timezone: "Pacific/Kiritimati" });
    const [late, later, early] = await startRuns(a1(), 3);
    // 09:00 UTC on 30 November is 23:00 on the 30th in Kiritimati (UTC+14); 11:00 UTC is 01:00 on 1 December.
    await state.t.adminDb.workflowRun.updateMany({ where: { id: { in: [late!, later!] } }, data: { createdAt: new Date("2026-11-30T09:00:00Z") } });
    await state.t.adminDb.workflowRun.update({ where: { id: early! }, data: { createdAt: new Date("2026-11-30T11:00:00Z") } });
    const now = new Date("2026-11-30T12:00:00Z");

    expect(await sweep(now)).toEqual([]);
    await setClient(clientId, { timezone: "UTC" });
    expect((await sweep(now)).map((c) => [c.kind, c.month, c.runs])).toEqual([
      ["warned", "2026-11", 2],
      ["paused", "2026-11", 2],
    ]);
  });

  it("makes each change once when several workers sweep at once", async () => {
    const { clientId } = a1();
    await setClient(clientId, { monthlyRunQuota: 1 });
    await startRuns(a1(), 1);
    const swept = (await Promise.all([sweep(), sweep(), sweep(), sweep()])).flat();
    expect(swept.map((c) => c.kind).sort()).toEqual(["paused", "warned"]);

    await setClient(clientId, { monthlyRunQuota: 5 });
    const lifted = (await Promise.all([sweep(), sweep(), sweep(), sweep()])).flat();
    expect(lifted.map((c) => c.kind)).toEqual(["lifted"]);
    expect((await auditsOf(clientId)).map((a) => a.action)).toEqual(["client.quota_warned", "client.runs_paused", "client.runs_resumed"]);
    expect(await noticesOf(clientId)).toHaveLength(2);
  });

  it("keeps notices inside their tenant", async () => {
    await setClient(a1().clientId, { monthlyRunQuota: 1 });
    await startRuns(a1(), 1);
    await sweep();
    const visible = (scope: { partnerId: string; clientId?: string }) => withTenant(state.t.db, scope, (tx) => tx.clientQuotaNotice.count());
    expect(await visible({ partnerId: state.tenants.partnerA.id })).toBe(2);
    expect(await visible(a1())).toBe(2);
    expect(await visible(a2())).toBe(0);
    expect(await visible({ partnerId: state.tenants.partnerB.id })).toBe(0);
  });
});
