import { runKpiPass, type RunKpiPassOptions, type TKpiPassResult } from "@storeflow/kpis";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startKpiMonitor}. */
export interface StartKpiMonitorOptions extends RunKpiPassOptions {
  /** @defaultValue 15000 */
  everyMs?: number;
  onResult?: (result: TKpiPassResult) => void;
  onError?: (error: unknown) => void;
}

/**
 * Records finished runs' KPI points, keeps their rollups and flags anomalies.
 * Every worker runs it; an advisory lock lets one pass at a time do the work.
 */
export function startKpiMonitor({ everyMs = 15_000, onResult, onError, ...pass }: StartKpiMonitorOptions) {
  return startPeriodicPass({
    pass: () => runKpiPass(pass),
    everyMs,
    againAtOnce: (result) => result.more,
    ...(onResult ? { onResult } : {}),
    ...(onError ? { onError } : {}),
  });
}
