/**
 * The SLA pass against the real PostgreSQL with runs at controlled times and a
 * controlled clock: rollups, attainment, breach records (overdue, late finish,
 * backlog, missed cadence, success rate), idempotency, tenant isolation, retention.
 */
import { useTestTenants } from "@storeflow/db/test";
import { NotFoundError } from "@storeflow/errors";
import { createRunStore, type TRunStore } from "@storeflow/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishRun, HOUR, insertRun, installTestTemplate, MINUTE, type TInstalled, testTemplates } from "../test/sla-fixtures";
import { getClientDashboard, listSlaBreaches } from "./dashboard";
import { DURATION_EDGES_MS, durationBucket } from "./histogram";
import { runSlaPass, type TSlaPassResult } from "./monitor";
import { getPartnerOverview } from "./partner-dashboard";
import { sweepRetention } from "./retention";
import { rollUpFinishedRuns } from "./rollups";
import { setSlaTargets, ZSlaTargetOverrides } from "./targets";

const state = useTestTenants();
let store: TRunStore;
// Every bucket the test writes lies in one past UTC hour, T0.
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const at = (ms: number) => new Date(T0 + ms);
let a1: TInstalled;
let a2: TInstalled;
let b1: TInstalled;
const runs = {} as Record<"r1" | "r2" | "r3" | "r4" | "r5" | "overdue" | "waiting", string>;
const passes: TSlaPassResult[] = [];

const pass = (now: Date) => runSlaPass({ pool: store.pool, templates: testTemplates, clock: () => now, minRunsForSuccessRate: 4, settleMs: 0 });
const upperEdge = (ms: number) => DURATION_EDGES_MS[durationBucket(ms)];
const actor = (scope: { partnerId: string; clientId?: string }, userId: string, role: "partner_admin" | "client_admin" | "partner_owner") => ({ db: state.t.db, scope: { ...scope, userId }, role });

async function breachesOf(installationId: string) {
  return state.t.adminDb.slaBreach.findMany({
    where: { installationId },
    orderBy: [{ detectedAt: "asc" }, { kind: "asc" }, { dedupeKey: "asc" }],
    select: { kind: true, runId: true, dedupeKey: true, deadline: true, detectedAt: true, details: true, clientId: true },
  });
}

beforeAll(async () => {
  const { t, tenants } = state;
  store = createRunStore({ url: t.appUrl, max: 4 });
  a1 = await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id }, at(0));
  a2 = await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id }, at(0));
  b1 = await installTestTemplate(t, { partnerId: tenants.partnerB.id, clientId: tenants.clientB1.id }, at(0));
  // A1 is measured without a cadence (its partner turned it off); A2 keeps the template's 15 minutes and never runs.
  const admin = actor({ partnerId: tenants.partnerA.id }, tenants.usersA.partner_admin.id, "partner_admin");
  await setSlaTargets({ actor: admin, templates: testTemplates }, { installationId: a1.installationId, overrides: { cadenceMs: null } });
  // B1 runs well on its own schedule: a success every ten minutes keeps its cadence.
  for (let m = 0; m < 80; m += 10) await insertRun(t, b1, { createdAt: at(m * MINUTE), finishedAt: at(m * MINUTE + 1000) });

  runs.r1 = await insertRun(t, a1, { createdAt: at(1 * MINUTE), finishedAt: at(1 * MINUTE + 10_000) });
  runs.r2 = await insertRun(t, a1, { createdAt: at(2 * MINUTE), finishedAt: at(2 * MINUTE + 30_000) });
  // Succeeded, but 30 s after its one-minute deadline.
  runs.r3 = await insertRun(t, a1, { createdAt: at(3 * MINUTE), finishedAt: at(3 * MINUTE + 90_000) });
  runs.r4 = await insertRun(t, a1, { createdAt: at(4 * MINUTE), finishedAt: at(4 * MINUTE + 5_000), status: "failed" });
  runs.r5 = await insertRun(t, a1, { createdAt: at(5 * MINUTE), finishedAt: at(5 * MINUTE + 200), status: "cancelled" });
  // Still running at T0+20m, nine minutes past its deadline.
  runs.overdue = await insertRun(t, a1, { createdAt: at(10 * MINUTE) });
  // Created at T0+19m and never picked up: no step has settled.
  runs.waiting = await insertRun(t, a1, { createdAt: at(19 * MINUTE), started: false });

  passes.push(await pass(at(20 * MINUTE)));
  passes.push(await pass(at(50 * MINUTE)));
  await finishRun(t, runs.overdue, at(52 * MINUTE));
  passes.push(await pass(at(55 * MINUTE)));
});
afterAll(() => store?.close());

describe("SLA targets", () => {
  it("validates overrides: out-of-range and unknown fields are refused", () => {
    expect(ZSlaTargetOverrides.safeParse({ successRate: 1.5 }).success).toBe(false);
    expect(ZSlaTargetOverrides.safeParse({ runDurationMs: 10 }).success).toBe(false);
    expect(ZSlaTargetOverrides.safeParse({ threshold: 3 }).success).toBe(false);
    expect(ZSlaTargetOverrides.safeParse({ cadenceMs: null, successRate: 0.5 }).success).toBe(true);
  });

  it("writes effective targets for every installation, with the override applied and audited", async () => {
    const targets = await state.t.adminDb.slaTarget.findMany({ where: { installationId: { in: [a1.installationId, a2.installationId] } }, select: { installationId: true, runDurationMs: true, cadenceMs: true, overrides: true } });
    expect(targets).toEqual(expect.arrayContaining([
      { installationId: a1.installationId, runDurationMs: 60_000n, cadenceMs: null, overrides: { cadenceMs: null } },
      { installationId: a2.installationId, runDurationMs: 60_000n, cadenceMs: 900_000n, overrides: {} },
    ]));
    const audit = await state.t.adminDb.auditEvent.findFirst({ where: { action: "sla.targets_updated", targetId: a1.installationId }, select: { data: true, clientId: true } });
    expect(audit).toEqual({ data: { before: {}, after: { cadenceMs: null } }, clientId: state.tenants.clientA1.id });
  });
});

describe("rollups", () => {
  it("counts each finished run once into its minute, hour and day, with attainment and a merged duration histogram", async () => {
    const hour = await state.t.adminDb.slaRollup.findUnique({ where: { installationId_grain_bucketStart: { installationId: a1.installationId, grain: "hour", bucketStart: at(0) } } });
    // r1..r5, then the overdue run finishing 42 minutes late. The waiting run was 36 minutes old at the last sample.
    expect(hour).toMatchObject({ runs: 6, succeeded: 4, failed: 1, cancelled: 1, attained: 2, breaches: 5, backlog: 1, backlogAgeMs: BigInt(36 * MINUTE) });
    expect(hour!.durationSumMs).toBe(10_000 + 30_000 + 90_000 + 5_000 + 200 + 42 * MINUTE);
    const expected = new Array(DURATION_EDGES_MS.length + 1).fill(0);
    for (const ms of [10_000, 30_000, 90_000, 5_000, 200, 42 * MINUTE]) expected[durationBucket(ms)]++;
    expect(hour!.durationHistogram).toEqual(expected);
    const minute = await state.t.adminDb.slaRollup.findUnique({ where: { installationId_grain_bucketStart: { installationId: a1.installationId, grain: "minute", bucketStart: at(4 * MINUTE) } } });
    // r3 finished at 4:30 (late, one breach) and r4 at 4:05 (failed).
    expect(minute).toMatchObject({ runs: 2, succeeded: 1, failed: 1, attained: 0, breaches: 1 });
    const days = await state.t.adminDb.slaRollup.aggregate({ where: { installationId: a1.installationId, grain: "day" }, _sum: { runs: true, attained: true, breaches: true } });
    expect(days._sum).toEqual({ runs: 6, attained: 2, breaches: 5 });
  });

  it("changes nothing when passes run again, or two at once", async () => {
    const snapshot = () => state.t.adminDb.slaRollup.findMany({ orderBy: [{ installationId: "asc" }, { grain: "asc" }, { bucketStart: "asc" }], omit: { updatedAt: true } });
    const before = await snapshot();
    const [x, y] = await Promise.all([rollUpFinishedRuns({ pool: store.pool, now: at(55 * MINUTE), settleMs: 0 }), rollUpFinishedRuns({ pool: store.pool, now: at(55 * MINUTE), settleMs: 0 })]);
    expect(x.runs + y.runs).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect(passes.map((p) => p.runsRolledUp)).toEqual([5 + 2, 3, 1 + 1]);
  });
});

describe("breaches", () => {
  it("records a late finish, an overdue run once, work waiting too long, and a success-rate drop once per window", async () => {
    const breaches = await breachesOf(a1.installationId);
    const clientId = state.tenants.clientA1.id;
    expect(breaches).toEqual([
      { kind: "run_duration", runId: runs.r3, dedupeKey: runs.r3, deadline: at(4 * MINUTE), detectedAt: at(4 * MINUTE + 30_000), details: { status: "succeeded", durationMs: 90_000, targetMs: 60_000 }, clientId },
      { kind: "run_duration", runId: runs.overdue, dedupeKey: runs.overdue, deadline: at(11 * MINUTE), detectedAt: at(20 * MINUTE), details: { status: "running", elapsedMs: 10 * MINUTE, targetMs: 60_000 }, clientId },
      { kind: "success_rate", runId: null, dedupeKey: at(HOUR).toISOString(), deadline: at(HOUR), detectedAt: at(20 * MINUTE), details: { successRate: 0.75, target: 0.9, runs: 4, succeeded: 3, windowMs: HOUR }, clientId },
      { kind: "run_duration", runId: runs.waiting, dedupeKey: runs.waiting, deadline: at(20 * MINUTE), detectedAt: at(50 * MINUTE), details: { status: "running", elapsedMs: 31 * MINUTE, targetMs: 60_000 }, clientId },
      { kind: "backlog_age", runId: runs.waiting, dedupeKey: runs.waiting, deadline: at(21 * MINUTE), detectedAt: at(50 * MINUTE), details: { waitedMs: 31 * MINUTE, targetMs: 2 * MINUTE }, clientId },
    ]);
    expect(passes.map((p) => p.breaches)).toEqual([
      { runDuration: 2, backlogAge: 0, cadence: 1, successRate: 1 },
      { runDuration: 1, backlogAge: 1, cadence: 2, successRate: 0 },
      { runDuration: 0, backlogAge: 0, cadence: 0, successRate: 0 },
    ]);
  });

  it("records one missed-cadence breach per window when a scheduled workflow silently stops, and none while it keeps succeeding", async () => {
    const missed = await breachesOf(a2.installationId);
    expect(missed.map((b) => [b.kind, b.deadline, b.detectedAt, b.runId])).toEqual([
      ["cadence", at(15 * MINUTE), at(20 * MINUTE), null],
      ["cadence", at(30 * MINUTE), at(50 * MINUTE), null],
      ["cadence", at(45 * MINUTE), at(50 * MINUTE), null],
    ]);
    expect(missed[0]!.details).toEqual({ cadenceMs: 15 * MINUTE, lastSucceededAt: null, missedWindows: 1 });
    expect(await breachesOf(b1.installationId)).toEqual([]);

    // A success moves the anchor: the next window ends a cadence after it.
    await insertRun(state.t, a2, { createdAt: at(56 * MINUTE), finishedAt: at(56 * MINUTE + 1000) });
    await pass(at(60 * MINUTE));
    expect(await breachesOf(a2.installationId)).toHaveLength(3);
    await pass(at(72 * MINUTE));
    const after = await breachesOf(a2.installationId);
    expect(after.map((b) => b.deadline).at(-1)).toEqual(at(71 * MINUTE + 1000));
    expect(after.at(-1)!.details).toEqual({ cadenceMs: 15 * MINUTE, lastSucceededAt: at(56 * MINUTE + 1000).toISOString(), missedWindows: 1 });
    expect(after).toHaveLength(4);
  });
});

describe("dashboards", () => {
  const now = at(58 * MINUTE);

  it("shows a client its attainment, success rate, percentiles, breaches, backlog and open exceptions from rollups", async () => {
    const { tenants } = state;
    const viewer = actor({ partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id }, tenants.usersA.client_admin.id, "client_admin");
    const dashboard = await getClientDashboard({ actor: viewer, now }, { clientId: tenants.clientA1.id, range: "24h" });
    expect(dashboard.series).toHaveLength(24);
    expect(dashboard.series.at(-1)!.bucketStart).toEqual(at(0));
    expect(dashboard.totals).toMatchObject({ runs: 6, succeeded: 4, failed: 1, cancelled: 1, attained: 2, breaches: 5, backlog: 1, backlogAgeMs: 36 * MINUTE });
    expect(dashboard.totals.attainment).toBeCloseTo(2 / 6, 12);
    expect(dashboard.totals.successRate).toBe(0.8);
    // Sorted: 200 ms, 5 s, 10 s, 30 s, 90 s, 42 min.
    expect([dashboard.totals.p50Ms, dashboard.totals.p95Ms, dashboard.totals.p99Ms]).toEqual([upperEdge(10_000), upperEdge(42 * MINUTE), upperEdge(42 * MINUTE)]);
    // The seeded failed run and r4.
    expect(dashboard.openExceptions).toBe(2);
    const breaches = await listSlaBreaches({ actor: viewer, now }, { clientId: tenants.clientA1.id, range: "24h", kind: "backlog_age", limit: 10 });
    expect(breaches.map((b) => [b.kind, b.runId, b.templateKey])).toEqual([["backlog_age", runs.waiting, "test-sla"]]);
  });

  it("refuses another client's or partner's dashboard as not found", async () => {
    const { tenants } = state;
    const clientA1 = actor({ partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id }, tenants.usersA.client_admin.id, "client_admin");
    const ownerB = actor({ partnerId: tenants.partnerB.id }, tenants.ownerB.id, "partner_owner");
    await expect(getClientDashboard({ actor: clientA1, now }, { clientId: tenants.clientA2.id, range: "24h" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClientDashboard({ actor: ownerB, now }, { clientId: tenants.clientA1.id, range: "7d" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listSlaBreaches({ actor: ownerB, now }, { clientId: tenants.clientA1.id, range: "7d", limit: 5 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("shows a partner every client at once: heatmap cells, worst offenders and the trend", async () => {
    const { tenants } = state;
    const owner = actor({ partnerId: tenants.partnerA.id }, tenants.usersA.partner_owner.id, "partner_owner");
    const overview = await getPartnerOverview({ actor: owner, now }, { range: "24h" });
    expect(overview.buckets).toHaveLength(24);
    const row = (clientId: string) => overview.heatmap.find((r) => r.clientId === clientId)!;
    expect(row(tenants.clientA1.id).cells.at(-1)).toBeCloseTo(2 / 6, 12);
    expect(row(tenants.clientA2.id).cells.at(-1)).toBe(1);
    expect(row(tenants.clientA1.id).cells.slice(0, -1).every((c) => c === null)).toBe(true);
    expect(overview.clients.map((c) => c.clientId)).toEqual([tenants.clientA1.id, tenants.clientA2.id]);
    expect(overview.worstOffenders.map((c) => [c.clientId, c.breaches])).toEqual([[tenants.clientA1.id, 5], [tenants.clientA2.id, 3]]);
    expect(overview.trend.at(-1)).toMatchObject({ runs: 7, breaches: 8 });
    expect(JSON.stringify(overview)).not.toContain(tenants.clientB1.id);
  });
});

describe("retention", () => {
  it("clears step inputs and outputs of finished runs past the partner's retention, keeps the runs, and cannot delete them", async () => {
    const { t, tenants } = state;
    const now = new Date();
    // The passes above already swept with the default 30 days; B keeps 7.
    await t.adminDb.runRetention.update({ where: { partnerId: tenants.partnerB.id }, data: { rawDays: 7, prunedUntil: null } });
    const old = await insertRun(t, b1, { createdAt: new Date(now.getTime() - 8 * 86_400_000), finishedAt: new Date(now.getTime() - 8 * 86_400_000 + 1000) });
    const recent = await insertRun(t, b1, { createdAt: new Date(now.getTime() - 6 * 86_400_000), finishedAt: new Date(now.getTime() - 6 * 86_400_000 + 1000) });
    const swept = await sweepRetention(store.pool, now);
    expect(swept.prunedRuns).toBeGreaterThanOrEqual(1);
    const steps = await t.adminDb.stepRun.findMany({ where: { runId: { in: [old, recent] } }, select: { runId: true, input: true, output: true } });
    expect(steps.find((s) => s.runId === old)).toEqual({ runId: old, input: null, output: null });
    expect(steps.find((s) => s.runId === recent)).toEqual({ runId: recent, input: { order: "A-1" }, output: { ok: true } });
    expect(await t.adminDb.workflowRun.count({ where: { id: old } })).toBe(1);
    await expect(store.pool.query("delete from workflow_runs where id = $1", [old])).rejects.toThrow(/permission denied/);
    // A second sweep starts where the first stopped.
    expect((await sweepRetention(store.pool, now)).prunedRuns).toBe(0);
  });
});
