import { withTenant } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";
import { type TSlaTargets } from "@storeflow/templates";
import { z } from "zod";
import { SLA_BREACH_KINDS, type TSlaBreachKind } from "./breaches";
import { type DashboardOptions, type TSlaFigures } from "./dashboard";
import { addHistogram, emptyHistogram, histogramPercentile } from "./histogram";

export const ZMonthlyReportInput = z.object({
  clientId: z.uuid(),
  /** A UTC calendar month, "2026-11". */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM"),
});

export interface TMonthlyReport {
  client: { id: string; name: string };
  month: string;
  from: Date;
  to: Date;
  totals: TSlaFigures;
  days: { date: Date; runs: number; attainment: number | null; breaches: number }[];
  installations: { installationId: string; templateKey: string; targets: Pick<TSlaTargets, "runDurationMs" | "successRate"> | null; figures: TSlaFigures }[];
  breachesByKind: Record<TSlaBreachKind, number>;
}

interface TDayRow {
  installation_id: string;
  bucket_start: Date;
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  attained: number;
  breaches: number;
  backlog: number;
  backlog_age_ms: number;
  duration_histogram: number[] | null;
}

// Map.groupBy arrives in Node 21; the worker and portal run on 20.
function groupBy<K, V>(items: readonly V[], key: (item: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function figuresOf(rows: readonly TDayRow[]): TSlaFigures {
  const histogram = emptyHistogram();
  const f = { runs: 0, succeeded: 0, failed: 0, cancelled: 0, attained: 0, breaches: 0, backlog: 0, backlogAgeMs: 0 };
  for (const row of rows) {
    f.runs += row.runs;
    f.succeeded += row.succeeded;
    f.failed += row.failed;
    f.cancelled += row.cancelled;
    f.attained += row.attained;
    f.breaches += row.breaches;
    f.backlog = Math.max(f.backlog, row.backlog);
    f.backlogAgeMs = Math.max(f.backlogAgeMs, Number(row.backlog_age_ms));
    addHistogram(histogram, row.duration_histogram);
  }
  return {
    ...f,
    attainment: f.runs > 0 ? f.attained / f.runs : null,
    successRate: f.succeeded + f.failed > 0 ? f.succeeded / (f.succeeded + f.failed) : null,
    p50Ms: histogramPercentile(histogram, 0.5),
    p95Ms: histogramPercentile(histogram, 0.95),
    p99Ms: histogramPercentile(histogram, 0.99),
  };
}

/** A client's SLA month (UTC days), from day rollups and the month's breaches: the printable report. */
export async function getMonthlyReport({ actor }: DashboardOptions, input: z.infer<typeof ZMonthlyReportInput>): Promise<TMonthlyReport> {
  const [year, month] = input.month.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(year, month - 1, 1));
  const to = new Date(Date.UTC(year, month, 1));
  return withTenant(actor.db, actor.scope, async (tx) => {
    const client = await tx.client.findFirst({ where: { id: input.clientId }, select: { id: true, name: true } });
    if (!client) throw new NotFoundError("Client");
    const rows = await tx.$queryRawUnsafe<TDayRow[]>(
      `select installation_id::text, bucket_start, runs, succeeded, failed, cancelled, attained, breaches, backlog, backlog_age_ms::float8 as backlog_age_ms, duration_histogram
       from sla_rollups where partner_id = $1::uuid and client_id = $2::uuid and grain = 'day' and bucket_start >= $3 and bucket_start < $4`,
      actor.scope.partnerId, client.id, from, to,
    );
    const targets = await tx.$queryRawUnsafe<{ installation_id: string; template_key: string; run_duration_ms: number; success_rate: number }[]>(
      "select installation_id::text, template_key, run_duration_ms::float8 as run_duration_ms, success_rate from sla_targets where client_id = $1::uuid",
      client.id,
    );
    const kinds = await tx.$queryRawUnsafe<{ kind: TSlaBreachKind; n: number }[]>(
      `select kind::text, count(*)::int as n from sla_breaches where partner_id = $1::uuid and client_id = $2::uuid and detected_at >= $3 and detected_at < $4 group by kind`,
      actor.scope.partnerId, client.id, from, to,
    );
    const byInstallation = groupBy(rows, (row) => row.installation_id);
    const byDay = groupBy(rows, (row) => row.bucket_start.getTime());
    const dayCount = Math.round((to.getTime() - from.getTime()) / 86_400_000);
    const target = new Map(targets.map((t) => [t.installation_id, t]));
    return {
      client,
      month: input.month,
      from,
      to,
      totals: figuresOf(rows),
      days: Array.from({ length: dayCount }, (_, i) => {
        const date = new Date(from.getTime() + i * 86_400_000);
        const f = figuresOf(byDay.get(date.getTime()) ?? []);
        return { date, runs: f.runs, attainment: f.attainment, breaches: f.breaches };
      }),
      installations: [...byInstallation.entries()].map(([installationId, own]) => {
        const t = target.get(installationId);
        return { installationId, templateKey: t?.template_key ?? "unknown", targets: t ? { runDurationMs: t.run_duration_ms, successRate: t.success_rate } : null, figures: figuresOf(own) };
      }),
      breachesByKind: Object.fromEntries(SLA_BREACH_KINDS.map((kind) => [kind, kinds.find((k) => k.kind === kind)?.n ?? 0])) as Record<TSlaBreachKind, number>,
    };
  });
}
