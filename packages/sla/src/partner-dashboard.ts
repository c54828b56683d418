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

interface TCellRow {
  client_id: string;
  bucket_start: Date;
  runs: number;
  succeeded: number;
  failed: number;
  attained: number;
  breaches: number;
}

/** Every client of the partner at once, from the rollups (one grouped scan of the partner's buckets in range). */
export async function getPartnerOverview({ actor, now = new Date() }: DashboardOptions, input: z.infer<typeof ZPartnerDashboardInput>): Promise<TPartnerOverview> {
  const { grain, buckets: count } = HEATMAP[input.range];
  const last = bucketStart(grain, now).getTime();
  const buckets = Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * grainMs(grain)));
  return withTenant(actor.db, actor.scope, async (tx) => {
    const clients = await tx.client.findMany({ where: { archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } });
    const rows = await tx.$queryRawUnsafe<TCellRow[]>(
      `select client_id::text, bucket_start, sum(runs)::int as runs, sum(succeeded)::int as succeeded, sum(failed)::int as failed,
         sum(attained)::int as attained, sum(breaches)::int as breaches
       from sla_rollups where partner_id = $1::uuid and grain = $2::"SlaGrain" and bucket_start >= $3
       group by client_id, bucket_start`,
      actor.scope.partnerId, grain, buckets[0],
    );
    const column = new Map(buckets.map((b, i) => [b.getTime(), i]));
    const byClient = new Map<string, { summary: TClientSlaSummary; cells: (number | null)[] }>(
      clients.map((c) => [c.id, { summary: { clientId: c.id, name: c.name, runs: 0, succeeded: 0, failed: 0, attained: 0, breaches: 0, attainment: null, successRate: null }, cells: buckets.map(() => null) }]),
    );
    const trend = buckets.map((b) => ({ bucketStart: b, runs: 0, succeeded: 0, failed: 0, attained: 0, breaches: 0 }));
    for (const row of rows) {
      const i = column.get(row.bucket_start.getTime());
      const entry = byClient.get(row.client_id);
      if (i === undefined || !entry) continue;
      const s = entry.summary;
      s.runs += row.runs;
      s.succeeded += row.succeeded;
      s.failed += row.failed;
      s.attained += row.attained;
      s.breaches += row.breaches;
      entry.cells[i] = ratio(row.attained, row.runs);
      const point = trend[i]!;
      point.runs += row.runs;
      point.succeeded += row.succeeded;
      point.failed += row.failed;
      point.attained += row.attained;
      point.breaches += row.breaches;
    }
    const entries = [...byClient.values()];
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
