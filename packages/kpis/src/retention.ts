import { DEFAULT_RAW_RETENTION_DAYS } from "@storeflow/sla";
import type pg from "pg";

/**
 * Deletes raw KPI points older than their partner's raw-data retention (the
 * same `run_retention.raw_days` that prunes step inputs and outputs, 30 days
 * unless the partner set it), at most `batchSize` per partner per call, oldest
 * first. Rollups and anomaly flags stay: dashboards and the anomaly check read
 * only those, and a point is added to its rollups in the pass that inserts it
 * (the watermark never reads its run again), so deleting it changes no chart.
 */
export async function pruneKpiPoints(client: Pick<pg.PoolClient, "query">, batchSize: number): Promise<{ deleted: number; more: boolean }> {
  const { rows } = await client.query<{ partner_id: string; raw_days: number }>({
    text: `select p.partner_id::text, coalesce(rr.raw_days, $1) as raw_days
           from (select distinct partner_id from clients) p left join run_retention rr on rr.partner_id = p.partner_id`,
    values: [DEFAULT_RAW_RETENTION_DAYS],
  });
  let deleted = 0;
  let more = false;
  for (const partner of rows) {
    const { rowCount } = await client.query({
      text: `delete from kpi_points where id in (
               select id from kpi_points where partner_id = $1 and at < now() - make_interval(days => $2) order by at limit $3
             )`,
      values: [partner.partner_id, partner.raw_days, batchSize],
    });
    deleted += rowCount ?? 0;
    if (rowCount === batchSize) more = true;
  }
  return { deleted, more };
}
