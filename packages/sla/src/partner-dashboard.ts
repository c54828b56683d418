import { withTenant } from "@storeflow/db";
import { type z } from "zod";
import { type DashboardOptions, type ZPartnerDashboardInput } from "./dashboard";
import { bucketStart, grainMs } from "./buckets";
import { type TSlaRange } from "./ranges";

/** One client's figures over the range, for the overview table and worst offenders. */
export interface TClientSlaSummary {
  clientId: string;
  name: string;
  runs: number;
  succeeded: number;
  failed: number;
  attained: number;
  breaches: number;
  attainment: number | null;
  successRate: number | null;
}

export interface TPartnerOverview {
  range: TSlaRange;
  grain: "hour" | "day";
  /** Column starts of the heatmap and points of the trend. */
  buckets: Date[];
  /** Every client, worst attainment first (clients without runs last). */
  clients: TClientSlaSummary[];
  /** Attainment per client per bucket (null: no finished runs), rows in `clients` order. */
  heatmap: { clientId: string; name: string; cells: (number | null)[] }[];
  /** Clients with runs and breaches, lowest attainment then most breaches: at most ten. */
  worstOffenders: TClientSlaSummary[];
  trend: { bucketStart: Date; runs: number; attainment: number | null; successRate: number | null; breaches: number }[];
}

/** The heatmap's columns: hours over a day, days over a week or a month. */
const HEATMAP: Record<TSlaRange, { grain: "hour" | "day"; buckets: number }> = { "24h": { grain: "hour", buckets: 24 }, "7d": { grain: "day", buckets: 7 }, "30d": { grain: "day", buckets: 30 } };

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** A client with its buckets in range (parallel arrays, empty without any): clients in name order. */
interface TClientRow {
  client_id: string;
  name: string;
  /** Bucket starts, epoch milliseconds. */
  starts: number[];
  runs: number[];
  succeeded: number[];
  failed: number[];
  attained: number[];
  breaches: number[];
}

/**
 * Every client of the partner at once, in one statement: one range scan of the
 * client-level rollups (a row per client and bucket, hours over a day and days
 * beyond), grouped into a row per client and joined to the partner's clients.
 */
export async function getPartnerOverview({ actor, now = new Date() }: DashboardOptions, input: z.infer<typeof ZPartnerDashboardInput>): Promise<TPartnerOverview> {
  const { grain, buckets: count } = HEATMAP[input.range];
  const last = bucketStart(grain, now).getTime();
  const buckets = Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * grainMs(grain)));
  return withTenant(actor.db, actor.scope, async (tx) => {
    const rows = await tx.$queryRawUnsafe<TClientRow[]>(
      `with cells as (
         select client_id, array_agg(extract(epoch from bucket_start) * 1000)::float8[] as starts, array_agg(runs) as runs, array_agg(succeeded) as succeeded,
           array_agg(failed) as failed, array_agg(attained) as attained, array_agg(breaches) as breaches
         from sla_client_rollups where partner_id = $1::uuid and grain = $2 and bucket_start >= $3
         group by client_id
       )
       select c.id::text as client_id, c.name, coalesce(r.starts, '{}') as starts, coalesce(r.runs, '{}') as runs, coalesce(r.succeeded, '{}') as succeeded,
         coalesce(r.failed, '{}') as failed, coalesce(r.attained, '{}') as attained, coalesce(r.breaches, '{}') as breaches
       from clients c left join cells r on r.client_id = c.id
       where c.partner_id = $1::uuid and c.archived_at is null
       order by c.name asc, c.id`,
      actor.scope.partnerId, grain, buckets[0],
    );
    const column = new Map(buckets.map((b, i) => [b.getTime(), i]));
    const trend = buckets.map((b) => ({ bucketStart: b, runs: 0, succeeded: 0, failed: 0, attained: 0, breaches: 0 }));
    const entries = rows.map((row) => {
      const summary: TClientSlaSummary = { clientId: row.client_id, name: row.name, runs: 0, succeeded: 0, failed: 0, attained: 0, breaches: 0, attainment: null, successRate: null };
      const cells: (number | null)[] = buckets.map(() => null);
      row.starts.forEach((start, k) => {
        const i = column.get(start);
        if (i === undefined) return;
        const [runs, succeeded, failed, attained, breaches] = [row.runs[k]!, row.succeeded[k]!, row.failed[k]!, row.attained[k]!, row.breaches[k]!];
        summary.runs += runs;
        summary.succeeded += succeeded;
        summary.failed += failed;
        summary.attained += attained;
        summary.breaches += breaches;
        cells[i] = ratio(attained, runs);
        const point = trend[i]!;
        point.runs += runs;
        point.succeeded += succeeded;
        point.failed += failed;
        point.attained += attained;
        point.breaches += breaches;
      });
      return { summary, cells };
    });
    for (const { summary } of entries) {
      summary.attainment = ratio(summary.attained, summary.runs);
      summary.successRate = ratio(summary.succeeded, summary.succeeded + summary.failed);
    }
    entries.sort((a, b) => (a.summary.attainment ?? 2) - (b.summary.attainment ?? 2) || b.summary.breaches - a.summary.breaches || a.summary.name.localeCompare(b.summary.name));
    const summaries = entries.map((e) => e.summary);
    return {
      range: input.range,
      grain,
      buckets,
      clients: summaries,
      heatmap: entries.map((e) => ({ clientId: e.summary.clientId, name: e.summary.name, cells: e.cells })),
      worstOffenders: summaries.filter((s) => s.runs > 0 && (s.breaches > 0 || (s.attainment ?? 1) < 1)).slice(0, 10),
      trend: trend.map((p) => ({ bucketStart: p.bucketStart, runs: p.runs, attainment: ratio(p.attained, p.runs), successRate: ratio(p.succeeded, p.succeeded + p.failed), breaches: p.breaches })),
    };
  });
}
