/** Raw KPI points past their partner's retention are deleted in batches by the KPI pass; rollups stay. */
import { randomUUID } from "node:crypto";
import { useTestTenants } from "@storeflow/db/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTemplates } from "../test/kpi-fixtures";
import { runKpiPass } from "./kpi-pass";

const state = useTestTenants();
let pool: pg.Pool;
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

async function point(partnerId: string, clientId: string, installationId: string, at: Date) {
  await state.t.adminDb.kpiPoint.create({ data: { partnerId, clientId, installationId, runId: randomUUID(), kpiKey: "refunds", ordinal: 0, value: 1, at } });
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: state.t.appUrl, max: 2, options: "-c app.system=on" });
});
afterAll(() => pool?.end());

describe("kpi point retention", () => {
  it("deletes points older than the partner's raw retention (30 days unless set) in batches, oldest first, and keeps rollups", async () => {
    const { t, tenants } = state;
    const a = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, installationId: randomUUID() };
    const b = { partnerId: tenants.partnerB.id, clientId: tenants.clientB1.id, installationId: randomUUID() };
    // Partner A keeps the default 30 days; partner B keeps 7.
    await t.adminDb.runRetention.upsert({ where: { partnerId: b.partnerId }, create: { partnerId: b.partnerId, rawDays: 7 }, update: { rawDays: 7 } });
    for (const days of [45, 40, 35, 31, 29, 1]) await point(a.partnerId, a.clientId, a.installationId, daysAgo(days));
    for (const days of [20, 8, 6]) await point(b.partnerId, b.clientId, b.installationId, daysAgo(days));
    await t.adminDb.kpiRollup.create({
      data: { ...a, kpiKey: "refunds", dimension: "", grain: "day", bucketStart: daysAgo(45), count: 1, sum: 1, min: 1, max: 1, p50: 1, p95: 1, sketch: { zero: 0, pos: {}, neg: {} } },
    });
    const remaining = async (partnerId: string) => (await t.adminDb.kpiPoint.findMany({ where: { partnerId }, select: { at: true }, orderBy: { at: "asc" } })).map((p) => Math.round((Date.now() - p.at.getTime()) / DAY));

    const first = await runKpiPass({ pool, templates: testTemplates, pruneBatchSize: 2 });
    // Two per partner per pass, the oldest first: A's 45 and 40, B's 20 and 8.
    expect(first).toMatchObject({ ran: true, prunedPoints: 4, more: true });
    expect(await remaining(a.partnerId)).toEqual([35, 31, 29, 1]);
    expect(await remaining(b.partnerId)).toEqual([6]);

    const second = await runKpiPass({ pool, templates: testTemplates, pruneBatchSize: 2 });
    expect(second).toMatchObject({ prunedPoints: 2, more: true });
    const third = await runKpiPass({ pool, templates: testTemplates, pruneBatchSize: 2 });
    expect(third).toMatchObject({ prunedPoints: 0, more: false });
    expect(await remaining(a.partnerId)).toEqual([29, 1]);
    expect(await remaining(b.partnerId)).toEqual([6]);
    expect(await t.adminDb.kpiRollup.count({ where: { installationId: a.installationId } })).toBe(1);
  });
});
