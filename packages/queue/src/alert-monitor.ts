import { sweepAlerts, type SweepAlertsOptions, type TAlertSweepResult } from "@storeflow/alerts";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startAlertMonitor}. */
export interface StartAlertMonitorOptions extends Omit<SweepAlertsOptions, "now"> {
  /** @defaultValue 15000 */
  everyMs?: number;
  onResult?: (result: TAlertSweepResult) => void;
  onError?: (error: unknown) => void;
}

/**
 * Evaluates alert rules, queues the notifications due and sends the deliveries
 * due, on every worker (see sweepAlerts: concurrent passes raise and send each
 * alert once). A full batch of deliveries starts the next pass at once.
 */
export function startAlertMonitor({ everyMs = 15_000, onResult, onError, ...sweep }: StartAlertMonitorOptions) {
  return startPeriodicPass({
    pass: () => sweepAlerts(sweep),
    everyMs,
    againAtOnce: (result) => result.deliveries.length >= (sweep.limit ?? 20),
    ...(onResult ? { onResult } : {}),
    ...(onError ? { onError } : {}),
  });
}
