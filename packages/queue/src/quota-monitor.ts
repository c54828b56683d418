import { type TDb } from "@storeflow/db";
import { sweepRunQuotas, type TQuotaChange, type TRunStore } from "@storeflow/runs";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startQuotaMonitor}. */
export interface StartQuotaMonitorOptions {
  /** The run store's pool (system scope) reads quotas and counts runs. */
  store: TRunStore;
  /** storeflow_app client the monitor pauses, lifts and audits through, in each client's scope. */
  db: TDb;
  /** @defaultValue 30000 */
  everyMs?: number;
  /** Called for each warning, pause and lifted pause this process made. */
  onChange?: (change: TQuotaChange) => void;
  onError?: (error: unknown) => void;
}

/**
 * Sweeps the monthly run quotas on every worker (see sweepRunQuotas: concurrent
 * sweeps make each change once). A pass never overlaps the previous one in the
 * same process. A pause reaches the fleet within its client-limits cache; the
 * paused client's steps then wait on the queue, and none is dropped.
 */
export function startQuotaMonitor({ store, db, everyMs = 30_000, onChange, onError }: StartQuotaMonitorOptions) {
  return startPeriodicPass({
    pass: () => sweepRunQuotas({ store, db }),
    everyMs,
    onResult: (changes) => changes.forEach((change) => onChange?.(change)),
    ...(onError ? { onError } : {}),
  });
}
