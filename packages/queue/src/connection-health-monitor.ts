import { sweepConnectionHealth, type SweepConnectionHealthOptions, type TConnectionHealthResult } from "@storeflow/connections";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startConnectionHealthMonitor}. */
export interface StartConnectionHealthMonitorOptions extends SweepConnectionHealthOptions {
  /** @defaultValue 5000 */
  everyMs?: number;
  onResult?: (result: TConnectionHealthResult) => void;
  onError?: (error: unknown) => void;
}

/**
 * Checks connections' health on every worker: new ones and those someone asked
 * about within `everyMs`, the rest when their last check goes stale.
 */
export function startConnectionHealthMonitor({ everyMs = 5_000, onResult, onError, ...sweep }: StartConnectionHealthMonitorOptions) {
  return startPeriodicPass({
    pass: () => sweepConnectionHealth(sweep),
    everyMs,
    againAtOnce: (results) => results.length >= (sweep.limit ?? 20),
    onResult: (results) => results.forEach((result) => onResult?.(result)),
    ...(onError ? { onError } : {}),
  });
}
