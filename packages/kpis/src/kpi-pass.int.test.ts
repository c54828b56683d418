/** The KPI pass, rollups, anomaly flags and their reads against the real PostgreSQL, with runs finished at controlled times. */
import { useTestTenants } from "@storeflow/db/test";
import { NotFoundError } from "@storeflow/errors";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, insertFinishedRun, installTestTemplate, testTemplates, thisHour } from "../test/kpi-fixtures";
import { getKpiSeries, listKpiAnomalies } from "./kpi-queries";
import { runKpiPass, type TKpiPassResult } from "./kpi-pass";

const state = useTestTenants();
// The worker's connection: storeflow_app in the system scope.
let pool: pg.Pool;

// Refunds an hour: noisy, but this is what normal looks like for the series (median 3, MAD 1).
const NOISY = [3, 4, 2, 3, 5, 3, 4, 3, 2, 4, 3, 5, 4, 3, 2, 3, 4, 3, 5, 2, 3, 4, 3, 4];
const HOURS = 26;
const SPIKE_AT = 24;
let base: number;
const ids = {} as { spiky: string; calm: string; exact: string };
let passes: TKpiPassResult[] = [];

async function drainPasses(): Promise<TKpiPassResult[]> {
  const results: TKpiPassResult[] = [];
  for (;;) {
    const result = await runKpiPass({ pool: pool, templates: testTemplates, batchSize: 10 });
    results.push(result);
    if (!result.more) return results;
  }
}

beforeAll(async () => {
  const { t, tenants } = state;
  pool = new pg.Pool({ connectionString: t.appUrl, max: 2, options: "-c app.system=on" });
  // Every bucket of the data has closed: the last one ended two hours ago.
  base = thisHour() - (HOURS + 1) * HOUR;
  const spiky = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, ...(await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id })) };
  const calm = { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id, ...(await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id })) };
  const exact = { partnerId: tenants.partnerB.id, clientId: tenants.clientB1.id, ...(await installTestTemplate(t, { partnerId: tenants.partnerB.id, clientId: tenants.clientB1.id })) };
  Object.assign(ids, { spiky: spiky.installationId, calm: calm.installationId, exact: exact.installationId });
  for (let k = 0; k < HOURS; k++) {
    const finishedAt = new Date(base + k * HOUR + 10 * 60_000);
    const spike = k === SPIKE_AT;
    await insertFinishedRun(t, {
      ...spiky,
      finishedAt,
      output: { kpis: { refunds: spike ? 20 : NOISY[k % 24] }, cycles: [{ store: "S1", ms: 200 + (k % 5) * 5 }, { store: "S2", ms: spike ? 5000 : 210 - (k % 3) * 5 }] },
    });
    await insertFinishedRun(t, { ...calm, finishedAt, output: { kpis: { refunds: NOISY[(k + 7) % 24] }, cycles: [{ store: "S1", ms: 200 + (k % 5) * 5 }] } });
  }
  const hour = base + 20 * HOUR;
  await insertFinishedRun(t, { ...exact, finishedAt: new Date(hour + 60_000), output: { kpis: { refunds: 1 }, cycles: [{ store: "S1", ms: 100 }, { store: "S2", ms: 200 }], label: "many" } });
  await insertFinishedRun(t, { ...exact, finishedAt: new Date(hour + 120_000), output: { kpis: { refunds: 2 }, cycles: [{ store: "S1", ms: 300 }], label: "many" } });
  await insertFinishedRun(t, { ...exact, finishedAt: new Date(hour + 180_000), output: { kpis: { refunds: 0 }, cycles: [], label: "many" } });
  // Ended before its step reported anything: no points, nothing rejected.
  await insertFinishedRun(t, { ...exact, finishedAt: new Date(hour + 240_000), output: null, status: "failed" });
  passes = await drainPasses();
});
afterAll(() => pool?.end());

const actor = (scope: { partnerId: string; clientId?: string }, userId: string, role: "partner_owner" | "client_admin") => ({ db: state.t.db, scope: { ...scope, userId }, role });

describe("the KPI pass", () => {
  it("reads every finished run once, in batches, and reports the KPIs whose figure is not a number", () => {
    expect(passes.map((p) => p.runs)).toEqual([10, 10, 10, 10, 10, 6]);
    expect(passes.every((p) => p.ran)).toBe(true);
    expect(passes.flatMap((p) => p.rejected).map((r) => [r.kpiKey, r.reason])).toEqual(Array(3).fill(["label", 'KPI label reported "many" at position 0, not a finite number']));
  });

  it("records each reported value as a point with its dimension and the run's finish time", async () => {
    const points = await state.t.adminDb.kpiPoint.findMany({ where: { installationId: ids.exact }, orderBy: [{ at: "asc" }, { kpiKey: "asc" }, { ordinal: "asc" }], select: { kpiKey: true, ordinal: true, dimension: true, value: true, at: true, clientId: true } });
    const at = (minutes: number) => new Date(base + 20 * HOUR + minutes * 60_000);
    const clientId = state.tenants.clientB1.id;
    expect(points).toEqual([
      { kpiKey: "cycleMs", ordinal: 0, dimension: "S1", value: 100, at: at(1), clientId },
      { kpiKey: "cycleMs", ordinal: 1, dimension: "S2", value: 200, at: at(1), clientId },
      { kpiKey: "refunds", ordinal: 0, dimension: "", value: 1, at: at(1), clientId },
      { kpiKey: "cycleMs", ordinal: 0, dimension: "S1", value: 300, at: at(2), clientId },
      { kpiKey: "refunds", ordinal: 0, dimension: "", value: 2, at: at(2), clientId },
      { kpiKey: "refunds", ordinal: 0, dimension: "", value: 0, at: at(3), clientId },
    ]);
  });

  it("rolls points up per series, hour and day: count, sum, min, max, p50, p95; a store's points also count in the total", async () => {
    const rollups = await state.t.adminDb.kpiRollup.findMany({
      where: { installationId: ids.exact },
      orderBy: [{ kpiKey: "asc" }, { dimension: "asc" }, { grain: "asc" }],
      select: { kpiKey: true, dimension: true, grain: true, bucketStart: true, count: true, sum: true, min: true, max: true, p50: true, p95: true },
    });
    const hour = new Date(base + 20 * HOUR);
    const day = new Date(Math.floor((base + 20 * HOUR) / 86_400_000) * 86_400_000);
    // The sketch's estimates: within its 1% of the exact percentile.
    const close = (value: number) => expect.toSatisfy((estimate: number) => Math.abs(estimate - value) <= value * 0.01);
    expect(rollups).toEqual([
      ...(["hour", "day"] as const).map((grain) => ({ kpiKey: "cycleMs", dimension: "", grain, bucketStart: grain === "hour" ? hour : day, count: 3, sum: 600, min: 100, max: 300, p50: close(200), p95: 300 })),
      ...(["hour", "day"] as const).map((grain) => ({ kpiKey: "cycleMs", dimension: "S1", grain, bucketStart: grain === "hour" ? hour : day, count: 2, sum: 400, min: 100, max: 300, p50: close(100), p95: 300 })),
      ...(["hour", "day"] as const).map((grain) => ({ kpiKey: "cycleMs", dimension: "S2", grain, bucketStart: grain === "hour" ? hour : day, count: 1, sum: 200, min: 200, max: 200, p50: 200, p95: 200 })),
      ...(["hour", "day"] as const).map((grain) => ({ kpiKey: "refunds", dimension: "", grain, bucketStart: grain === "hour" ? hour : day, count: 3, sum: 3, min: 0, max: 2, p50: close(1), p95: close(2) })),
    ]);
  });

  it("flags the planted spike in the summed series, the store it happened at and the installation's total, and nothing else", async () => {
    const anomalies = await state.t.adminDb.kpiAnomaly.findMany({ orderBy: [{ kpiKey: "asc" }, { dimension: "asc" }], select: { installationId: true, kpiKey: true, dimension: true, grain: true, bucketStart: true, observed: true, baseline: true, score: true, direction: true, baselineBuckets: true } });
    const spikeHour = new Date(base + SPIKE_AT * HOUR);
    expect(anomalies.map((a) => [a.installationId, a.kpiKey, a.dimension, a.grain, a.bucketStart, a.direction])).toEqual([
      [ids.spiky, "cycleMs", "", "hour", spikeHour, "up"],
      [ids.spiky, "cycleMs", "S2", "hour", spikeHour, "up"],
      [ids.spiky, "refunds", "", "hour", spikeHour, "up"],
    ]);
    const refunds = anomalies.find((a) => a.kpiKey === "refunds")!;
    expect(refunds).toMatchObject({ observed: 20, baseline: 3, baselineBuckets: 24 });
    expect(refunds.score).toBeCloseTo(17 / 1.4826, 9);
    const s2 = anomalies.find((a) => a.dimension === "S2")!;
    expect(s2).toMatchObject({ observed: 5000, baseline: 205, baselineBuckets: 24 });
  });

  it("changes nothing when it reads the same runs again", async () => {
    const snapshot = async () => ({
      points: await state.t.adminDb.kpiPoint.count(),
      rollups: await state.t.adminDb.kpiRollup.findMany({ orderBy: [{ installationId: "asc" }, { kpiKey: "asc" }, { dimension: "asc" }, { grain: "asc" }, { bucketStart: "asc" }], omit: { updatedAt: true } }),
      anomalies: await state.t.adminDb.kpiAnomaly.findMany({ orderBy: { id: "asc" } }),
    });
    const before = await snapshot();
    expect((await runKpiPass({ pool: pool, templates: testTemplates })).runs).toBe(0);
    // Even from the start: a lost watermark re-reads runs whose points exist, and adds nothing.
    await state.t.adminDb.kpiWatermark.deleteMany();
    const again = await drainPasses();
    expect(again.reduce((n, p) => n + p.runs, 0)).toBe(56);
    expect(again.reduce((n, p) => n + p.points, 0)).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});

describe("KPI reads", () => {
  it("give an installation's trends from rollups with its flags, to those who may see it", async () => {
    const { tenants } = state;
    const owner = actor({ partnerId: tenants.partnerA.id }, tenants.usersA.partner_owner.id, "partner_owner");
    const series = await getKpiSeries({ actor: owner, templates: testTemplates }, { installationId: ids.spiky, range: "7d" });
    expect(series).toMatchObject({ grain: "hour", dimension: "", templateKey: "test-kpis" });
    const refunds = series.kpis.find((k) => k.key === "refunds")!;
    expect(refunds.buckets.map((b) => b.value)).toEqual([...NOISY, 20, NOISY[1]]);
    expect(refunds.anomalies).toHaveLength(1);
    const cycle = series.kpis.find((k) => k.key === "cycleMs")!;
    expect(cycle).toMatchObject({ aggregate: "mean", dimensionKind: "store", dimensions: ["S1", "S2"] });
    const s2 = await getKpiSeries({ actor: owner, templates: testTemplates }, { installationId: ids.spiky, range: "24h", dimension: "S2" });
    expect(s2.kpis.find((k) => k.key === "cycleMs")!.anomalies.map((a) => a.observed)).toEqual([5000]);
    const daily = await getKpiSeries({ actor: owner, templates: testTemplates }, { installationId: ids.spiky, range: "30d" });
    expect(daily.kpis.find((k) => k.key === "refunds")!.buckets.reduce((n, b) => n + b.count, 0)).toBe(HOURS);
  });

  it("refuse another partner's and a sibling client's installation, and list only the actor's own flags", async () => {
    const { tenants } = state;
    const otherPartner = actor({ partnerId: tenants.partnerB.id }, tenants.ownerB.id, "partner_owner");
    const sibling = actor({ partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id }, tenants.clientAdminA2.id, "client_admin");
    await expect(getKpiSeries({ actor: otherPartner, templates: testTemplates }, { installationId: ids.spiky })).rejects.toThrow(NotFoundError);
    await expect(getKpiSeries({ actor: sibling, templates: testTemplates }, { installationId: ids.spiky })).rejects.toThrow(NotFoundError);
    await expect(listKpiAnomalies(sibling, { installationId: ids.spiky })).rejects.toThrow(NotFoundError);
    expect(await listKpiAnomalies(sibling, { withinHours: 72 })).toEqual([]);
    expect(await listKpiAnomalies(otherPartner, { withinHours: 72 })).toEqual([]);
    const mine = actor({ partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id }, tenants.usersA.client_admin.id, "client_admin");
    expect((await listKpiAnomalies(mine, { withinHours: 72 })).map((a) => a.kpiKey).sort()).toEqual(["cycleMs", "cycleMs", "refunds"]);
  });

  it("refuse a malformed request without reading anything", async () => {
    const { tenants } = state;
    const owner = actor({ partnerId: tenants.partnerA.id }, tenants.usersA.partner_owner.id, "partner_owner");
    await expect(getKpiSeries({ actor: owner, templates: testTemplates }, { installationId: ids.spiky, range: "1y" as "7d" })).rejects.toThrow(/range/);
    await expect(listKpiAnomalies(owner, { withinHours: 0 })).rejects.toThrow(/withinHours/);
  });
});
