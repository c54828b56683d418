import {
  exportClientCsv,
  exportPartnerCsv,
  getClientDashboard,
  getMonthlyReport,
  getPartnerOverview,
  getRunRetention,
  getSlaTargets,
  listSlaBreaches,
  listSlaTargets,
  setRunRetention,
  setSlaTargets,
  ZClientCsvInput,
  ZClientDashboardDto,
  ZClientDashboardInput,
  ZCsvFileDto,
  ZInstallationSlaInput,
  ZListSlaBreachesInput,
  ZListSlaTargetsInput,
  ZMonthlyReportDto,
  ZMonthlyReportInput,
  ZPartnerCsvInput,
  ZPartnerDashboardInput,
  ZPartnerOverviewDto,
  ZRunRetentionDto,
  ZSetRunRetentionInput,
  ZSetSlaTargetsInput,
  ZSlaBreachDto,
  ZSlaTargetsDto,
} from "@storeflow/sla";
import { z } from "zod";
import { clientProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

/** SLA targets, dashboards, reports and exports, read from rollups; row-level security limits each to the actor's scope. */
export const slaRouter = createTRPCRouter({
  targets: clientProcedure("sla.read")
    .meta({ sample: (t) => ({ installationId: t.installationId }) })
    .input(ZInstallationSlaInput)
    .output(ZSlaTargetsDto)
    .query(({ ctx, input }) => getSlaTargets({ actor: ctx.actor, templates: ctx.templates }, input)),

  listTargets: clientProcedure("sla.read")
    .meta({ sample: (t) => ({ clientId: t.clientId }) })
    .input(ZListSlaTargetsInput)
    .output(z.array(ZSlaTargetsDto))
    .query(({ ctx, input }) => listSlaTargets({ actor: ctx.actor, templates: ctx.templates }, input)),

  /** Replaces the installation's overrides; fields left out follow the template. Audited. */
  setTargets: partnerProcedure("sla.manage")
    .meta({ sample: (t) => ({ installationId: t.installationId, overrides: { runDurationMs: 120_000 } }) })
    .input(ZSetSlaTargetsInput)
    .output(ZSlaTargetsDto)
    .mutation(({ ctx, input }) => setSlaTargets({ actor: ctx.actor, templates: ctx.templates }, input)),

  /** One client over 24 h / 7 d (hourly) or 30 d (daily). */
  clientDashboard: clientProcedure("sla.read")
    .meta({ sample: (t) => ({ clientId: t.clientId, range: "24h" }) })
    .input(ZClientDashboardInput)
    .output(ZClientDashboardDto)
    .query(({ ctx, input }) => getClientDashboard({ actor: ctx.actor }, input)),

  breaches: clientProcedure("sla.read")
    .meta({ sample: (t) => ({ clientId: t.clientId, range: "7d" }) })
    .input(ZListSlaBreachesInput)
    .output(z.array(ZSlaBreachDto))
    .query(({ ctx, input }) => listSlaBreaches({ actor: ctx.actor }, input)),

  /** Every client at once: attainment heatmap, worst offenders, trend. */
  partnerOverview: partnerProcedure("sla.read")
    .meta({ sample: () => ({ range: "30d" }) })
    .input(ZPartnerDashboardInput)
    .output(ZPartnerOverviewDto)
    .query(({ ctx, input }) => getPartnerOverview({ actor: ctx.actor }, input)),

  monthlyReport: clientProcedure("sla.read")
    .meta({ sample: (t) => ({ clientId: t.clientId, month: "2026-11" }) })
    .input(ZMonthlyReportInput)
    .output(ZMonthlyReportDto)
    .query(({ ctx, input }) => getMonthlyReport({ actor: ctx.actor }, input)),

  exportClientCsv: clientProcedure("sla.read")
    .meta({ sample: (t) => ({ clientId: t.clientId, table: "breaches", range: "30d" }) })
    .input(ZClientCsvInput)
    .output(ZCsvFileDto)
    .query(({ ctx, input }) => exportClientCsv({ actor: ctx.actor }, input)),

  exportPartnerCsv: partnerProcedure("sla.read")
    .meta({ sample: () => ({ table: "clients", range: "30d" }) })
    .input(ZPartnerCsvInput)
    .output(ZCsvFileDto)
    .query(({ ctx, input }) => exportPartnerCsv({ actor: ctx.actor }, input)),

  retention: partnerProcedure("sla.manage")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(ZRunRetentionDto)
    .query(({ ctx }) => getRunRetention(ctx.actor)),

  /** How many days the partner keeps step inputs and outputs. Audited. */
  setRetention: partnerProcedure("sla.manage")
    .meta({ sample: () => ({ rawDays: 14 }) })
    .input(ZSetRunRetentionInput)
    .output(ZRunRetentionDto)
    .mutation(({ ctx, input }) => setRunRetention(ctx.actor, input)),
});
