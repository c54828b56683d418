export { ZSlaTargetOverrides, ZInstallationSlaInput, ZSetSlaTargetsInput, ZListSlaTargetsInput, getSlaTargets, listSlaTargets, setSlaTargets, syncSlaTargets,
  type TSlaTargetOverrides, type TSlaTargetsDto, type SlaTargetsOptions } from "./targets";
export { recordBreaches, SLA_BREACH_KINDS, type TSlaBreachKind, type TBreachInput } from "./breaches";
export { rollUpFinishedRuns, type RollUpFinishedRunsOptions } from "./rollups";
export { runSlaPass, type RunSlaPassOptions, type TSlaPassResult } from "./monitor";
export { ZSetRunRetentionInput, getRunRetention, setRunRetention, sweepRetention, DEFAULT_RAW_RETENTION_DAYS } from "./retention";
export { ZSlaRange, type TSlaRange } from "./ranges";
export { SLA_GRAINS, type TSlaGrain } from "./buckets";
export { DURATION_EDGES_MS, durationBucket, histogramPercentile } from "./histogram";
export { ZClientDashboardInput, ZPartnerDashboardInput, ZListSlaBreachesInput, getClientDashboard, listSlaBreaches,
  type DashboardOptions, type TClientDashboard, type TSlaFigures, type TSlaBreachDto } from "./dashboard";
export { getPartnerOverview, type TPartnerOverview, type TClientSlaSummary } from "./partner-dashboard";
export { ZMonthlyReportInput, getMonthlyReport, type TMonthlyReport } from "./report";
export { ZClientCsvInput, ZPartnerCsvInput, exportClientCsv, exportPartnerCsv, toCsv, type TCsvFile } from "./csv";
export { ZSlaTargetsDto, ZClientDashboardDto, ZSlaBreachDto, ZPartnerOverviewDto, ZMonthlyReportDto, ZCsvFileDto, ZRunRetentionDto } from "./dto";
