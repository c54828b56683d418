import { sweepExceptionTriage, type SweepExceptionTriageOptions, type TTriage } from "@storeflow/ai";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startExceptionTriageMonitor}. */
export interface StartExceptionTriageMonitorOptions extends SweepExceptionTriageOptions {
  /** @defaultValue 5000 */
  everyMs?: number;
  onTriaged?: (runId: string, triage: TTriage) => void;
  onError?: (error: unknown) => void;
}

/** Triages failed runs on every worker as they land in the exception queue. */
export function startExceptionTriageMonitor({ everyMs = 5_000, onTriaged, onError, ...sweep }: StartExceptionTriageMonitorOptions) {
  return startPeriodicPass({
    pass: () => sweepExceptionTriage(sweep),
    everyMs,
    againAtOnce: (results) => results.length >= (sweep.limit ?? 20),
    onResult: (results) => results.forEach(({ runId, triage }) => onTriaged?.(runId, triage)),
    ...(onError ? { onError } : {}),
  });
}
