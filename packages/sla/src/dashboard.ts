import { type TActor } from "@storeflow/accounts";
import { type TTx, withTenant } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { SLA_BREACH_KINDS, type TSlaBreachKind } from "./breaches";
import { addHistogram, emptyHistogram, histogramPercentile } from "./histogram";
import { rangeWindow, ZSlaRange, type TSlaRange } from "./ranges";

export const ZClientDashboardInput = z.object({ clientId: z.uuid(), range: ZSlaRange.default("24h") });
export const ZPartnerDashboardInput = z.object({ range: ZSlaRange.default("30d") }).default({ range: "30d" });
export const ZListSlaBreachesInput = z.object({
  clientId: z.uuid(),
  range: ZSlaRange.default("7d"),
  kind: z.enum(SLA_BREACH_KINDS).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

/** Counts over one bucket (or a whole range) and what they imply. */
export interface TSlaFigures {
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  attained: number;
  breaches: number;
  /** attained / runs; null without finished runs. */
  attainment: number | null;
  /** succeeded / (succeeded + failed); null without any. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Most runs waiting to start, and the oldest one's wait, the monitor saw. */
  backlog: number;
  backlogAgeMs: number;
}

export interface TClientDashboard {
  clientId: string;
  range: TSlaRange;
  grain: "hour" | "day";
  totals: TSlaFigures;
  series: (TSlaFigures & { bucketStart: Date })[];
  /** Failed runs not yet retried, skipped or resolved, right now. */
  openExceptions: number;
}

interface TRollupRow {
  bucket_start: Date;
  runs: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  attained: number;
  breaches: number;
  backlog: number;
  backlog_age_ms: number;
  duration_histogram: readonly (number | null)[] | null;
}

interface TAccumulator {
  counts: Omit<TSlaFigures, "attainment" | "successRate" | "p50Ms" | "p95Ms" | "p99Ms">;
  histogram: number[];
}

const newAccumulator = (): TAccumulator => ({ counts: { runs: 0, succeeded: 0, failed: 0, cancelled: 0, attained: 0, breaches: 0, backlog: 0, backlogAgeMs: 0 }, histogram: emptyHistogram() });

function accumulate(into: TAccumulator, row: Omit<TRollupRow, "bucket_start">, sumBacklog: boolean) {
  const c = into.counts;
  c.runs += row.runs;
  c.succeeded += row.succeeded;
  c.failed += row.failed;
  c.cancelled += row.cancelled;
  c.attained += row.attained;
  c.breaches += row.breaches;
  // Within a bucket, installations' backlogs add up; across buckets the worst bucket is what a range shows.
  c.backlog = sumBacklog ? c.backlog + row.backlog : Math.max(c.backlog, row.backlog);
  c.backlogAgeMs = Math.max(c.backlogAgeMs, Number(row.backlog_age_ms));
  addHistogram(into.histogram, row.duration_histogram);
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function figures({ counts, histogram }: TAccumulator): TSlaFigures {
  return {
    ...counts,
    attainment: ratio(counts.attained, counts.runs),
    successRate: ratio(counts.succeeded, counts.succeeded + counts.failed),
    p50Ms: histogramPercentile(histogram, 0.5),
    p95Ms: histogramPercentile(histogram, 0.95),
    p99Ms: histogramPercentile(histogram, 0.99),
  };
}

/**
 * An int[] column read as its text form ("{1,NULL,3}"): decoding arrays in the driver costs more than the query
 * itself once a range has hundreds of rollup rows.
 */
function parseIntArray(text: string | null): (number | null)[] | null {
  if (text === null) return null;
  if (text === "{}") return [];
  return text.slice(1, -1).split(",").map((value) => (value === "NULL" ? null : Number(value)));
}

/** The client must be visible in the caller's scope: another tenant's id is "not found", never an empty dashboard. */
async function assertVisibleClient(tx: TTx, clientId: string): Promise<{ id: string; name: string }> {
  const client = await tx.client.findFirst({ where: { id: clientId }, select: { id: true, name: true } });
  if (!client) throw new NotFoundError("Client");
  return client;
}

/** Options shared by the dashboard reads. */
export interface DashboardOptions {
  actor: TActor;
  /** @defaultValue the current time */
  now?: Date;
}

/** One client's SLA dashboard over a range: totals, a gap-free series, and open exceptions. Reads rollups only. */
export async function getClientDashboard({ actor, now = new Date() }: DashboardOptions, input: z.infer<typeof ZClientDashboardInput>): Promise<TClientDashboard> {
  const window = rangeWindow(input.range, now);
  return withTenant(actor.db, actor.scope, async (tx) => {
    // One statement: the visibility check, the open-exceptions count and the rollup rows (none: one row of nulls).
    const rows = await tx.$queryRawUnsafe<(Omit<TRollupRow, "bucket_start" | "duration_histogram"> & { bucket_start: Date | null; duration_histogram: string | null; visible: boolean; open_exceptions: number })[]>(
      `with visible as (select id from clients where id = $2::uuid),
            open as (select count(*)::int as n from workflow_runs where partner_id = $1::uuid and client_id = (select id from visible) and status = 'failed')
       select exists (select from visible) as visible, open.n as open_exceptions,
              r.bucket_start, r.runs, r.succeeded, r.failed, r.cancelled, r.attained, r.breaches, r.backlog, r.backlog_age_ms::float8 as backlog_age_ms, r.duration_histogram::text as duration_histogram
       from open left join sla_rollups r
         on r.partner_id = $1::uuid and r.client_id = (select id from visible) and r.grain = $3::"SlaGrain" and r.bucket_start >= $4`,
      actor.scope.partnerId, input.clientId, window.grain, window.from,
    );
    const [first] = rows;
    if (!first?.visible) throw new NotFoundError("Client");
    const buckets = new Map(window.starts.map((start) => [start.getTime(), newAccumulator()]));
    const total = newAccumulator();
    for (const row of rows) {
      const bucket = row.bucket_start && buckets.get(row.bucket_start.getTime());
      if (bucket) accumulate(bucket, { ...row, duration_histogram: parseIntArray(row.duration_histogram) }, true);
    }
    for (const bucket of buckets.values()) accumulate(total, { ...bucket.counts, backlog_age_ms: bucket.counts.backlogAgeMs, duration_histogram: bucket.histogram }, false);
    return {
      clientId: input.clientId,
      range: input.range,
      grain: window.grain === "day" ? "day" : "hour",
      totals: figures(total),
      series: window.starts.map((start) => ({ bucketStart: start, ...figures(buckets.get(start.getTime())!) })),
      openExceptions: first.open_exceptions,
    };
  });
}

export interface TSlaBreachDto {
  id: string;
  kind: TSlaBreachKind;
  installationId: string;
  templateKey: string | null;
  runId: string | null;
  deadline: Date;
  detectedAt: Date;
  details: Record<string, unknown>;
}

/** A client's breaches in the range, newest first. */
export async function listSlaBreaches({ actor, now = new Date() }: DashboardOptions, input: z.infer<typeof ZListSlaBreachesInput>): Promise<TSlaBreachDto[]> {
  const window = rangeWindow(input.range, now);
  return withTenant(actor.db, actor.scope, async (tx) => {
    await assertVisibleClient(tx, input.clientId);
    const rows = await tx.$queryRawUnsafe<(Omit<TSlaBreachDto, "installationId" | "runId" | "templateKey"> & { installation_id: string; run_id: string | null; detected_at: Date; template_key: string | null })[]>(
      `select b.id::text, b.kind::text, b.installation_id::text, t.template_key, b.run_id::text, b.deadline, b.detected_at, b.details
       from sla_breaches b left join sla_targets t on t.installation_id = b.installation_id
       where b.partner_id = $1::uuid and b.client_id = $2::uuid and b.detected_at >= $3 and ($4::text is null or b.kind = $4::"SlaBreachKind")
       order by b.detected_at desc, b.id desc limit $5`,
      actor.scope.partnerId, input.clientId, window.from, input.kind ?? null, input.limit,
    );
    return rows.map((row) => ({ id: row.id, kind: row.kind, installationId: row.installation_id, templateKey: row.template_key, runId: row.run_id,
      deadline: row.deadline, detectedAt: row.detected_at, details: row.details }));
  });
}
