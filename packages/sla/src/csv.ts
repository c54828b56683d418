import { z } from "zod";
import { getClientDashboard, listSlaBreaches, type DashboardOptions } from "./dashboard";
import { getPartnerOverview } from "./partner-dashboard";
import { ZSlaRange } from "./ranges";

type TCell = string | number | boolean | Date | null | undefined;

/**
 * RFC 4180 CSV. A text cell starting with = + - @ or a tab is prefixed with a
 * quote so a spreadsheet shows it rather than running it as a formula (client
 * and template names are tenant-typed text).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly TCell[])[]): string {
  const cell = (value: TCell): string => {
    if (value === null || value === undefined) return "";
    if (value instanceof Date) return value.toISOString();
    let text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

export const ZClientCsvInput = z.object({ clientId: z.uuid(), table: z.enum(["series", "breaches"]), range: ZSlaRange.default("30d") });
export const ZPartnerCsvInput = z.object({ table: z.enum(["clients", "heatmap"]), range: ZSlaRange.default("30d") });

export interface TCsvFile {
  filename: string;
  csv: string;
}

const percent = (value: number | null) => (value === null ? null : Math.round(value * 10_000) / 100);

/** A client dashboard table as CSV: its time series or its breaches. */
export async function exportClientCsv(options: DashboardOptions, input: z.infer<typeof ZClientCsvInput>): Promise<TCsvFile> {
  if (input.table === "breaches") {
    const breaches = await listSlaBreaches(options, { clientId: input.clientId, range: input.range, limit: 500 });
    return {
      filename: `sla-breaches-${input.range}.csv`,
      csv: toCsv(["detected_at", "kind", "template", "installation_id", "run_id", "deadline", "details"],
        breaches.map((b) => [b.detectedAt, b.kind, b.templateKey, b.installationId, b.runId, b.deadline, JSON.stringify(b.details)])),
    };
  }
  const dashboard = await getClientDashboard(options, { clientId: input.clientId, range: input.range });
  return {
    filename: `sla-series-${input.range}.csv`,
    csv: toCsv(["bucket_start", "runs", "succeeded", "failed", "cancelled", "attainment_pct", "success_rate_pct", "p50_ms", "p95_ms", "p99_ms", "breaches", "backlog", "backlog_age_ms"],
      dashboard.series.map((s) => [s.bucketStart, s.runs, s.succeeded, s.failed, s.cancelled, percent(s.attainment), percent(s.successRate), s.p50Ms, s.p95Ms, s.p99Ms, s.breaches, s.backlog, s.backlogAgeMs])),
  };
}

/** The partner overview's tables as CSV: every client's figures, or the attainment heatmap. */
export async function exportPartnerCsv(options: DashboardOptions, input: z.infer<typeof ZPartnerCsvInput>): Promise<TCsvFile> {
  const overview = await getPartnerOverview(options, { range: input.range });
  if (input.table === "heatmap") {
    return {
      filename: `sla-heatmap-${input.range}.csv`,
      csv: toCsv(["client", ...overview.buckets.map((b) => b.toISOString())], overview.heatmap.map((row) => [row.name, ...row.cells.map(percent)])),
    };
  }
  return {
    filename: `sla-clients-${input.range}.csv`,
    csv: toCsv(["client_id", "client", "runs", "succeeded", "failed", "attainment_pct", "success_rate_pct", "breaches"],
      overview.clients.map((c) => [c.clientId, c.name, c.runs, c.succeeded, c.failed, percent(c.attainment), percent(c.successRate), c.breaches])),
  };
}
