/** Day buckets are the client's local days: the same two runs make two days for a Sydney client and one for a UTC client. */
import { useTestTenants } from "@storeflow/db/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, insertFinishedRun, installTestTemplate, testTemplates } from "../test/kpi-fixtures";
import { localDayStart } from "./buckets";
import { runKpiPass } from "./kpi-pass";
import { getKpiSeries } from "./kpi-queries";

const state = useTestTenants();
let pool: pg.Pool;
const SYDNEY = "Australia/Sydney";

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: state.t.appUrl, max: 2, options: "-c app.system=on" });
});
afterAll(() => pool?.end());

describe("KPI day buckets", () => {
  it("follow the client's time zone, and the series says which zone it is in", async () => {
    const { t, tenants } = state;
    await t.adminDb.client.update({ where: { id: tenants.clientA1.id }, data: { timezone: SYDNEY } });
    const sydney = { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id, ...(await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA1.id })) };
    const utc = { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id, ...(await installTestTemplate(t, { partnerId: tenants.partnerA.id, clientId: tenants.clientA2.id })) };
    // A Sydney midnight three days ago is 13:00 or 14:00 UTC: an hour either side is one UTC day, two Sydney days.
    const midnight = localDayStart(new Date(Date.now() - 3 * 24 * HOUR), SYDNEY);
    for (const installation of [sydney, utc]) {
      await insertFinishedRun(t, { ...installation, finishedAt: new Date(midnight.getTime() - HOUR), output: { kpis: { refunds: 2 }, cycles: [] } });
      await insertFinishedRun(t, { ...installation, finishedAt: new Date(midnight.getTime() + HOUR), output: { kpis: { refunds: 3 }, cycles: [] } });
    }
    await runKpiPass({ pool, templates: testTemplates });

    const days = (installationId: string) =>
      t.adminDb.kpiRollup.findMany({ where: { installationId, grain: "day", kpiKey: "refunds", dimension: "" }, orderBy: { bucketStart: "asc" }, select: { bucketStart: true, sum: true } });
    expect(await days(sydney.installationId)).toEqual([
      { bucketStart: localDayStart(new Date(midnight.getTime() - HOUR), SYDNEY), sum: 2 },
      { bucketStart: midnight, sum: 3 },
    ]);
    const utcDay = new Date(Math.floor(midnight.getTime() / (24 * HOUR)) * 24 * HOUR);
    expect(await days(utc.installationId)).toEqual([{ bucketStart: utcDay, sum: 5 }]);
    // Hours stay UTC hours for both.
    expect(await t.adminDb.kpiRollup.count({ where: { installationId: sydney.installationId, grain: "hour", kpiKey: "refunds", dimension: "" } })).toBe(2);

    const actor = { db: t.db, role: "partner_owner" as const, scope: { partnerId: tenants.partnerA.id, userId: tenants.usersA.partner_owner.id } };
    const series = await getKpiSeries({ actor, templates: testTemplates }, { installationId: sydney.installationId, range: "30d" });
    expect(series.timeZone).toBe(SYDNEY);
    expect(series.from).toEqual(localDayStart(series.from, SYDNEY));
    expect(series.kpis.find((k) => k.key === "refunds")!.buckets.map((b) => [b.bucketStart, b.sum])).toEqual([
      [localDayStart(new Date(midnight.getTime() - HOUR), SYDNEY), 2],
      [midnight, 3],
    ]);
  });
});
