/**
 * The client-level rollups against the real PostgreSQL: the partner overview
 * read from them gives exactly what summing the installation rollups gives,
 * over a window of hours and days, and a run an operator moved on after it
 * failed counts once, as it finally ended.
 */
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, retryRun, type TRunStore, type TStepJob } from "@storeflow/runs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishRun, HOUR, insertRun, installTestTemplate, MINUTE, type TInstalled } from "../test/sla-fixtures";
import { bucketStart } from "./buckets";
import { getPartnerOverview } from "./partner-dashboard";
import { rollUpFinishedRuns } from "./rollups";

const state = useTestTenants();
let store: TRunStore;
const DAY = 24 * HOUR;
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * MINUTE);
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const pass = (now = NOW) => rollUpFinishedRuns({ pool: store.pool, now, settleMs: 0 });
let a1: TInstalled;
let a1b: TInstalled;
let a2: TInstalled;

interface TSums {
  runs: number;
  succeeded: number;
  failed: number;
  attained: number;
  breaches: number;
}

/** The overview's figures the way it computed them before: summed over installation rollups. */
async function installationSums(grain: "hour" | "day", from: Date) {
  const rows = await state.t.adminDb.$queryRawUnsafe<(TSums & { client_id: string; bucket_start: Date })[]>(
    `select client_id::text, bucket_start, sum(runs)::int as runs, sum(succeeded)::int as succeeded, sum(failed)::int as failed,
       sum(attained)::int as attained, sum(breaches)::int as breaches
     from sla_rollups where partner_id = $1::uuid and grain = $2::"SlaGrain" and bucket_start >= $3 group by 1, 2`,
    state.tenants.partnerA.id, grain, from,
  );
  return new Map(rows.map((r) => [`${r.client_id}|${r.bucket_start.toISOString()}`, r]));
}

async function rollupOf(installationId: string, grain: "minute" | "hour" | "day", at: Date) {
  return state.t.adminDb.slaRollup.findUnique({
    where: { installationId_grain_bucketStart: { installationId, grain, bucketStart: bucketStart(grain, at) } },
    select: { runs: true, succeeded: true, failed: true, attained: true, durationHistogram: true },
  });
}

async function clientRollupOf(clientId: string, grain: "hour" | "day", at: Date) {
  return state.t.adminDb.slaClientRollup.findUnique({
    where: { partnerId_grain_bucketStart_clientId: { partnerId: state.tenants.partnerA.id, grain, bucketStart: bucketStart(grain, at), clientId } },
    select: { runs: true, succeeded: true, failed: true, attained: true },
  });
}

beforeAll(async () => {
  const { t, tenants } = state;
  store = createRunStore({ url: t.appUrl, max: 2 });
  a1 = await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id }, ago(40 * DAY));
  // A1 ran the template on an installation it later removed, then on a new one: two installations, one client.
  await t.adminDb.installation.update({ where: { id: a1.installationId }, data: { uninstalledAt: ago(20 * DAY) } });
  a1b = await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id }, ago(40 * DAY));
  a2 = await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id }, ago(40 * DAY));
  // A mixed window: runs from 29 days to 6 hours ago (the retries below come after), on both installations of A1 and on A2, in every outcome, some late.
  const plan: [TInstalled, number, number, "succeeded" | "failed" | "cancelled"][] = [];
  for (let k = 0; k < 60; k++) {
    const installed = [a1, a1b, a2][k % 3]!;
    const start = 6 * HOUR + ((k * 11.7 * HOUR) % (28 * DAY));
    const duration = k % 7 === 0 ? 2 * MINUTE : (k % 5) * 10_000 + 500;
    plan.push([installed, start, duration, k % 9 === 0 ? "failed" : k % 13 === 0 ? "cancelled" : "succeeded"]);
  }
  for (const [installed, start, duration, status] of plan) {
    const createdAt = ago(start + duration + MINUTE);
    await insertRun(t, installed, { createdAt, finishedAt: new Date(createdAt.getTime() + duration), status });
  }
  // Two passes, so some buckets are written twice.
  await rollUpFinishedRuns({ pool: store.pool, now: ago(10 * DAY), settleMs: 0 });
  await pass();
});
afterAll(() => store?.close());

describe("partner overview from client rollups", () => {
  it.each(["24h", "7d", "30d"] as const)("gives the installation rollups' sums over %s", async (range) => {
    const actor = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
    const overview = await getPartnerOverview({ actor, now: NOW }, { range });
    const sums = await installationSums(overview.grain, overview.buckets[0]!);
    let runs = 0;
    for (const row of overview.heatmap) {
      const summary = overview.clients.find((c) => c.clientId === row.clientId)!;
      const expected = { runs: 0, succeeded: 0, failed: 0, attained: 0, breaches: 0 };
      overview.buckets.forEach((b, i) => {
        const cell = sums.get(`${row.clientId}|${b.toISOString()}`);
        expect(row.cells[i]).toBe(cell && cell.runs > 0 ? cell.attained / cell.runs : null);
        for (const key of Object.keys(expected) as (keyof TSums)[]) expected[key] += cell?.[key] ?? 0;
      });
      expect({ runs: summary.runs, succeeded: summary.succeeded, failed: summary.failed, attained: summary.attained, breaches: summary.breaches }).toEqual(expected);
      runs += summary.runs;
    }
    expect(overview.trend.reduce((n, p) => n + p.runs, 0)).toBe(runs);
    expect(runs).toBeGreaterThan(0);
  });
});

// A run finishes again after the watermark, as a real settle would: each case's times come after the last's.
describe("a failed run moved on by an operator", () => {
  const publisher = { jobs: [] as TStepJob[], publish(jobs: readonly TStepJob[]) { this.jobs.push(...jobs); return Promise.resolve(); } };
  const operator = () => ({ db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, clientId: null, userId: state.tenants.usersA.partner_operator.id } });

  async function failedRun(failedAt: Date) {
    const runId = await insertRun(state.t, a2, { createdAt: new Date(failedAt.getTime() - 5_000), finishedAt: failedAt, status: "failed" });
    await state.t.adminDb.$executeRaw`update workflow_runs set current_step = 'work' where id = ${runId}::uuid`;
    return runId;
  }

  it("counts once, as it ended, after a retry that succeeds", async () => {
    const failedAt = ago(5 * HOUR - 7 * MINUTE);
    const before = { hour: await rollupOf(a2.installationId, "hour", failedAt), client: await clientRollupOf(a2.clientId, "hour", failedAt) };
    const runId = await failedRun(failedAt);
    await pass();
    expect((await rollupOf(a2.installationId, "hour", failedAt))?.failed).toBe((before.hour?.failed ?? 0) + 1);

    await retryRun({ operator: operator(), publisher }, { runId });
    const succeededAt = ago(2 * HOUR - 3 * MINUTE);
    await finishRun(state.t, runId, succeededAt, "succeeded");
    await pass(new Date(succeededAt.getTime() + MINUTE));

    expect(await rollupOf(a2.installationId, "hour", failedAt)).toEqual(before.hour ?? expect.objectContaining({ runs: 0, failed: 0 }));
    expect(await rollupOf(a2.installationId, "minute", failedAt)).toEqual(expect.objectContaining({ runs: 0, failed: 0 }));
    expect(await clientRollupOf(a2.clientId, "hour", failedAt)).toEqual(before.client ?? expect.objectContaining({ runs: 0, failed: 0 }));
    expect(await rollupOf(a2.installationId, "minute", succeededAt)).toEqual(expect.objectContaining({ runs: 1, succeeded: 1, failed: 0 }));
    expect(await state.t.adminDb.slaCountedFailure.count({ where: { runId } })).toBe(0);
    // A later pass reads nothing new and changes nothing.
    expect((await pass()).runs).toBe(0);
    expect(await rollupOf(a2.installationId, "minute", succeededAt)).toEqual(expect.objectContaining({ runs: 1, succeeded: 1 }));
  });

  it("counts once, as failed where it failed last, after a retry that fails again", async () => {
    const failedAt = ago(100 * MINUTE);
    const runId = await failedRun(failedAt);
    await pass();
    await retryRun({ operator: operator(), publisher }, { runId });
    const failedAgainAt = ago(50 * MINUTE);
    await finishRun(state.t, runId, failedAgainAt, "failed");
    await pass();

    expect(await rollupOf(a2.installationId, "minute", failedAt)).toEqual(expect.objectContaining({ runs: 0, failed: 0 }));
    expect(await rollupOf(a2.installationId, "minute", failedAgainAt)).toEqual(expect.objectContaining({ runs: 1, failed: 1 }));
    const histogram = (await rollupOf(a2.installationId, "minute", failedAt))!.durationHistogram;
    expect(histogram.every((n) => n === 0)).toBe(true);
    expect(await state.t.adminDb.slaCountedFailure.findUnique({ where: { runId }, select: { finishedAt: true } })).toEqual({ finishedAt: failedAgainAt });
  });
});
