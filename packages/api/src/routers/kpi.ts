import { getKpiSeries, listKpiAnomalies, ZKpiAnomalyDto, ZKpiSeriesDto, ZKpiSeriesInput, ZListKpiAnomaliesInput } from "@storeflow/kpis";
import { z } from "zod";
import { clientProcedure, createTRPCRouter } from "../trpc";

/** Installed templates' business KPIs, read from rollups; row-level security limits each to the actor's scope. */
export const kpiRouter = createTRPCRouter({
  /** Each KPI of the installation's template over 24 h / 7 d (hourly) or 30 d (daily), with its anomaly flags. */
  series: clientProcedure("kpi.read")
    .meta({ sample: (t) => ({ installationId: t.installationId, range: "24h" }) })
    .input(ZKpiSeriesInput)
    .output(ZKpiSeriesDto)
    .query(({ ctx, input }) => getKpiSeries({ actor: ctx.actor, templates: ctx.templates }, input)),

  /** Recent anomaly flags, newest first, for one installation or client or all the actor sees. */
  anomalies: clientProcedure("kpi.read")
    .meta({ sample: (t) => ({ installationId: t.installationId }) })
    .input(ZListKpiAnomaliesInput)
    .output(z.array(ZKpiAnomalyDto))
    .query(({ ctx, input }) => listKpiAnomalies(ctx.actor, input)),
});
