import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";
import { type TTemplateCatalog } from "@storeflow/templates";
import { z } from "zod";
import { bucketStart, type TGrain } from "./buckets";
import { kpiAggregate } from "./kpi-values";

/** Dashboard ranges: hourly buckets up to a week, daily beyond. */
export const KPI_RANGES = { "24h": { ms: 24 * 3_600_000, grain: "hour" }, "7d": { ms: 7 * 86_400_000, grain: "hour" }, "30d": { ms: 30 * 86_400_000, grain: "day" } } as const satisfies Record<string, { ms: number; grain: TGrain }>;

export const ZKpiSeriesInput = z.object({
  installationId: z.uuid(),
  range: z.enum(["24h", "7d", "30d"]).default("7d"),
  /** One store's (or SKU's) series; "" or absent for the installation's total. */
  dimension: z.string().max(200).default(""),
});

export const ZListKpiAnomaliesInput = z.object({
  /** One installation's flags; absent for every installation the actor sees (narrowed by clientId). */
  installationId: z.uuid().optional(),
  clientId: z.uuid().optional(),
  /** Flags of buckets that started this recently. @defaultValue 24 */
  withinHours: z.int().min(1).max(24 * 31).default(24),
  limit: z.int().min(1).max(500).default(100),
});

export const ZKpiAnomalyDto = z.object({
  id: z.string(),
  clientId: z.string(),
  installationId: z.string(),
  kpiKey: z.string(),
  dimension: z.string(),
  grain: z.enum(["hour", "day"]),
  bucketStart: z.date(),
  observed: z.number(),
  baseline: z.number(),
  score: z.number(),
  direction: z.enum(["up", "down"]),
  baselineBuckets: z.int(),
});
export type TKpiAnomalyDto = z.infer<typeof ZKpiAnomalyDto>;

const ZKpiBucketDto = z.object({
  bucketStart: z.date(),
  count: z.int(),
  sum: z.number(),
  min: z.number(),
  max: z.number(),
  p50: z.number(),
  p95: z.number(),
  /** The bucket's sum or mean, as the KPI aggregates: what trends plot and anomalies judge. */
  value: z.number(),
});

export const ZKpiSeriesDto = z.object({
  installationId: z.string(),
  templateKey: z.string(),
  range: z.enum(["24h", "7d", "30d"]),
  grain: z.enum(["hour", "day"]),
  from: z.date(),
  /** The client's time zone: day buckets start at its local midnight, and read best in it. */
  timeZone: z.string(),
  dimension: z.string(),
  kpis: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      unit: z.enum(["count", "ms", "percent", "currency"]),
      description: z.string(),
      aggregate: z.enum(["sum", "mean"]),
      /** What the KPI's dimensions are ("store"), and those with data in the range. */
      dimensionKind: z.string().nullable(),
      dimensions: z.array(z.string()),
      buckets: z.array(ZKpiBucketDto),
      anomalies: z.array(ZKpiAnomalyDto),
    }),
  ),
});
export type TKpiSeriesDto = z.infer<typeof ZKpiSeriesDto>;

const anomalySelect = { id: true, clientId: true, installationId: true, kpiKey: true, dimension: true, grain: true, bucketStart: true, observed: true, baseline: true, score: true, direction: true, baselineBuckets: true } as const;

/**
 * An installation's KPI trends over a dashboard range, read from rollups only,
 * with the anomaly flags of the same series. Row-level security scopes every
 * read; an installation the actor cannot see is not found.
 */
export async function getKpiSeries(options: { actor: TActor; templates: TTemplateCatalog }, input: z.input<typeof ZKpiSeriesInput>): Promise<TKpiSeriesDto> {
  const { actor, templates } = options;
  const { installationId, range, dimension } = ZKpiSeriesInput.parse(input);
  const { grain, ms } = KPI_RANGES[range];
  return withTenant(actor.db, actor.scope, async (tx) => {
    const installation = await tx.installation.findFirst({ where: { id: installationId }, select: { templateKey: true, templateVersion: true, client: { select: { timezone: true } } } });
    if (!installation) throw new NotFoundError("Installation");
    const timeZone = installation.client.timezone;
    // Whole buckets: the first one the range touches (a day in the client's zone), from its start.
    const since = new Date(Date.now() - ms);
    const from = bucketStart(since, grain, timeZone);
    const template = templates.get(installation.templateKey, installation.templateVersion) ?? templates.get(installation.templateKey);
    // One after the other: a transaction's queries share its one connection.
    const rollups = await tx.kpiRollup.findMany({
      where: { installationId, dimension, grain, bucketStart: { gte: from } },
      select: { kpiKey: true, bucketStart: true, count: true, sum: true, min: true, max: true, p50: true, p95: true },
      orderBy: { bucketStart: "asc" },
    });
    const anomalies = await tx.kpiAnomaly.findMany({ where: { installationId, dimension, grain, bucketStart: { gte: from } }, select: anomalySelect, orderBy: { bucketStart: "asc" } });
    const dimensions = await tx.kpiRollup.findMany({
      where: { installationId, grain: "day", bucketStart: { gte: bucketStart(since, "day", timeZone) }, NOT: { dimension: "" } },
      select: { kpiKey: true, dimension: true },
      distinct: ["kpiKey", "dimension"],
      take: 1000,
    });
    return {
      installationId,
      templateKey: installation.templateKey,
      range,
      grain,
      from,
      timeZone,
      dimension,
      kpis: (template?.kpis ?? []).map((kpi) => {
        const aggregate = kpiAggregate(kpi);
        return {
          key: kpi.key,
          title: kpi.title,
          unit: kpi.unit,
          description: kpi.description,
          aggregate,
          dimensionKind: kpi.dimension ?? null,
          dimensions: dimensions.filter((d) => d.kpiKey === kpi.key).map((d) => d.dimension).sort(),
          buckets: rollups
            .filter((r) => r.kpiKey === kpi.key)
            .map(({ kpiKey: _, ...r }) => ({ ...r, value: aggregate === "sum" ? r.sum : r.sum / r.count })),
          anomalies: anomalies.filter((a) => a.kpiKey === kpi.key),
        };
      }),
    };
  });
}

/** Recent anomaly flags, newest first: what a dashboard's "needs attention" list shows. */
export async function listKpiAnomalies(actor: TActor, input: z.input<typeof ZListKpiAnomaliesInput>): Promise<TKpiAnomalyDto[]> {
  const { installationId, clientId, withinHours, limit } = ZListKpiAnomaliesInput.parse(input);
  const since = new Date(Date.now() - withinHours * 3_600_000);
  return withTenant(actor.db, actor.scope, async (tx) => {
    // An id the actor cannot see is refused, not answered with "no flags".
    if (installationId && !(await tx.installation.findFirst({ where: { id: installationId }, select: { id: true } }))) throw new NotFoundError("Installation");
    if (clientId && !(await tx.client.findFirst({ where: { id: clientId }, select: { id: true } }))) throw new NotFoundError("Client");
    return tx.kpiAnomaly.findMany({
      where: { bucketStart: { gte: since }, ...(installationId ? { installationId } : {}), ...(clientId ? { clientId } : {}) },
      select: anomalySelect,
      orderBy: [{ bucketStart: "desc" }, { score: "desc" }],
      take: limit,
    });
  });
}
