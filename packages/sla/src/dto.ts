import { z } from "zod";
import { SLA_BREACH_KINDS } from "./breaches";
import { ZSlaRange } from "./ranges";
import { ZSlaTargetOverrides } from "./targets";

/** Output schemas of the SLA procedures: what leaves the API, and nothing else. */
const ZTargets = z.object({ runDurationMs: z.number(), successRate: z.number(), windowMs: z.number(), maxBacklogAgeMs: z.number(), cadenceMs: z.number().optional() });

export const ZSlaTargetsDto = z.object({
  installationId: z.string(),
  clientId: z.string(),
  templateKey: z.string(),
  templateVersion: z.string(),
  targets: ZTargets,
  defaults: ZTargets,
  overrides: ZSlaTargetOverrides,
});

const ratio = z.number().nullable();
const ZFigures = z.object({
  runs: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  attained: z.number(),
  breaches: z.number(),
  attainment: ratio,
  successRate: ratio,
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  backlog: z.number(),
  backlogAgeMs: z.number(),
});

export const ZClientDashboardDto = z.object({
  clientId: z.string(),
  range: ZSlaRange,
  grain: z.enum(["hour", "day"]),
  totals: ZFigures,
  series: z.array(ZFigures.extend({ bucketStart: z.date() })),
  openExceptions: z.number(),
});

export const ZSlaBreachDto = z.object({
  id: z.string(),
  kind: z.enum(SLA_BREACH_KINDS),
  installationId: z.string(),
  templateKey: z.string().nullable(),
  runId: z.string().nullable(),
  deadline: z.date(),
  detectedAt: z.date(),
  details: z.record(z.string(), z.unknown()),
});

const ZClientSummary = z.object({
  clientId: z.string(),
  name: z.string(),
  runs: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  attained: z.number(),
  breaches: z.number(),
  attainment: ratio,
  successRate: ratio,
});

export const ZPartnerOverviewDto = z.object({
  range: ZSlaRange,
  grain: z.enum(["hour", "day"]),
  buckets: z.array(z.date()),
  clients: z.array(ZClientSummary),
  heatmap: z.array(z.object({ clientId: z.string(), name: z.string(), cells: z.array(ratio) })),
  worstOffenders: z.array(ZClientSummary),
  trend: z.array(z.object({ bucketStart: z.date(), runs: z.number(), attainment: ratio, successRate: ratio, breaches: z.number() })),
});

export const ZMonthlyReportDto = z.object({
  client: z.object({ id: z.string(), name: z.string() }),
  month: z.string(),
  from: z.date(),
  to: z.date(),
  totals: ZFigures,
  days: z.array(z.object({ date: z.date(), runs: z.number(), attainment: ratio, breaches: z.number() })),
  installations: z.array(z.object({ installationId: z.string(), templateKey: z.string(), targets: z.object({ runDurationMs: z.number(), successRate: z.number() }).nullable(), figures: ZFigures })),
  breachesByKind: z.record(z.enum(SLA_BREACH_KINDS), z.number()),
});

export const ZCsvFileDto = z.object({ filename: z.string(), csv: z.string() });
export const ZRunRetentionDto = z.object({ rawDays: z.number() });
