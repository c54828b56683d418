import { NonRetryableError, PLATFORM_BINDING } from "@storeflow/engine";
import { type TActionCall, type TActionHandler, type TActionRegistry } from "@storeflow/runs";
import type pg from "pg";
import { z } from "zod";

/** `{ connection: "storeflow", operation: "kpi.anomalies" }`: the flags a branch step routes on. */
export const KPI_ANOMALIES_OPERATION = "kpi.anomalies";

const ZKpiAnomaliesActionInput = z.strictObject({
  /** One KPI's flags; absent for all of the installation's. */
  kpi: z.string().min(1).max(100).optional(),
  /** One store's (or SKU's) flags, e.g. the run's `input.storeId`; absent for every series. */
  dimension: z.string().max(200).optional(),
  /** Flags of buckets that started this recently. @defaultValue 2 (the last closed hour and the one before) */
  withinHours: z.number().min(1).max(24 * 31).default(2),
  direction: z.enum(["up", "down"]).optional(),
});

export interface TKpiAnomaliesActionOutput {
  anomalous: boolean;
  flags: { kpiKey: string; dimension: string; grain: string; bucketStart: string; observed: number; baseline: number; score: number; direction: "up" | "down" }[];
}

function kpiAnomaliesAction(db: pg.Pool): TActionHandler {
  return async (call: TActionCall): Promise<TKpiAnomaliesActionOutput> => {
    const parsed = ZKpiAnomaliesActionInput.safeParse(call.input);
    if (!parsed.success) throw new NonRetryableError(`${KPI_ANOMALIES_OPERATION}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
    const { kpi, dimension, withinHours, direction } = parsed.data;
    // The system scope: the run's own partner, client and installation name the rows, never the step's input.
    const { rows } = await db.query<{ kpi_key: string; dimension: string; grain: string; bucket_start: Date; observed: number; baseline: number; score: number; direction: "up" | "down" }>({
      name: "kpis.anomalies-for-run",
      text: `select a.kpi_key, a.dimension, a.grain, a.bucket_start, a.observed, a.baseline, a.score, a.direction
             from workflow_runs r
             join kpi_anomalies a on a.installation_id = r.installation_id and a.partner_id = r.partner_id and a.client_id = r.client_id
             where r.id = $1 and r.partner_id = $2 and r.client_id = $3
               and a.bucket_start >= now() - make_interval(secs => $4::float8 * 3600)
               and ($5::text is null or a.kpi_key = $5) and ($6::text is null or a.dimension = $6) and ($7::text is null or a.direction::text = $7)
             order by a.bucket_start desc, abs(a.score) desc
             limit 100`,
      values: [call.run.id, call.run.partnerId, call.run.clientId, withinHours, kpi ?? null, dimension ?? null, direction ?? null],
    });
    const flags = rows.map((row) => ({ kpiKey: row.kpi_key, dimension: row.dimension, grain: row.grain, bucketStart: row.bucket_start.toISOString(), observed: row.observed, baseline: row.baseline, score: row.score, direction: row.direction }));
    return { anomalous: flags.length > 0, flags };
  };
}

/**
 * The worker's action registry with the platform's KPI actions in front:
 * `storeflow.kpi.anomalies` answers from kpi_anomalies for the run's own
 * installation; every other call goes to `registry` (the connections).
 */
export function withKpiActions(registry: TActionRegistry, { db }: { db: pg.Pool }): TActionRegistry {
  const anomalies = kpiAnomaliesAction(db);
  return {
    resolve: (connection, operation) => {
      if (connection !== PLATFORM_BINDING) return registry.resolve(connection, operation);
      return operation === KPI_ANOMALIES_OPERATION ? anomalies : undefined;
    },
    ...(registry.budget ? { budget: (call: TActionCall) => (call.connection === PLATFORM_BINDING ? Promise.resolve(undefined) : registry.budget!(call)) } : {}),
  };
}
