export { runKpiPass, type RunKpiPassOptions, type TKpiPassResult } from "./kpi-pass";
export { type TRecordedAnomaly } from "./anomaly-check";
export { DEFAULT_ANOMALY_OPTIONS, type TAnomalyOptions } from "./robust-score";
export {
  getKpiSeries,
  listKpiAnomalies,
  KPI_RANGES,
  ZKpiAnomalyDto,
  ZKpiSeriesDto,
  ZKpiSeriesInput,
  ZListKpiAnomaliesInput,
  type TKpiAnomalyDto,
  type TKpiSeriesDto,
} from "./kpi-queries";
export { KPI_ANOMALIES_OPERATION, withKpiActions, type TKpiAnomaliesActionOutput } from "./kpi-actions";
