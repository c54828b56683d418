import { Counter, type Registry } from "prom-client";

/** Breach kinds are snake_case enum values (run_duration, backlog_age…); anything else is counted as "other". */
const KIND = /^[a-z][a-z_]{0,39}$/;

/** Counts SLA breaches as the worker records them, for `storeflow_sla_breaches_total{kind}`. */
export interface TSlaBreachMetrics {
  /** `count` new breaches of `kind` recorded by this process (never ones found again: those insert nothing). */
  breached(kind: string, count?: number): void;
}

/**
 * The SLA breach counter. Each breach is recorded by exactly one worker (its
 * unique key makes a second insert a no-op), so summing the counter over pods
 * counts every breach once; no database query runs at scrape time.
 * @param kinds the known kinds, exported at 0 from the start so rates and alerts see them before a first breach
 */
export function createSlaBreachMetrics(registry: Registry, kinds: readonly string[] = []): TSlaBreachMetrics {
  const breaches = new Counter({ name: "storeflow_sla_breaches_total", help: "SLA breaches recorded, by kind.", labelNames: ["kind"], registers: [registry] });
  for (const kind of kinds) breaches.inc({ kind: KIND.test(kind) ? kind : "other" }, 0);
  return {
    breached(kind, count = 1) {
      if (count > 0) breaches.inc({ kind: KIND.test(kind) ? kind : "other" }, count);
    },
  };
}
