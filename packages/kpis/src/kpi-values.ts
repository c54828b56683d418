import { evaluate, ExpressionError, type TRunContext } from "@storeflow/engine";
import { type TTemplateKpi } from "@storeflow/templates";

/** What a KPI's source expression reads: the run as it finished. */
export interface TFinishedRunContext extends TRunContext {
  run: { id: string; clientId: string; status: string; finishedAt: string };
}

export interface TKpiValue {
  /** Position among the values the run reported for the KPI. */
  ordinal: number;
  value: number;
  /** "" when the value is about the installation as a whole. */
  dimension: string;
}

/** A value the run reported that is not a finite number: a template bug, reported rather than recorded. */
export class KpiValueError extends Error {
  override readonly name = "KpiValueError";
}

const MAX_VALUES_PER_RUN = 1000;
const MAX_DIMENSION_LENGTH = 200;

function toValue(element: unknown, ordinal: number, kpi: TTemplateKpi): TKpiValue {
  const { value, dimension } = typeof element === "object" && element !== null && !Array.isArray(element) ? (element as { value?: unknown; dimension?: unknown }) : { value: element, dimension: undefined };
  if (typeof value !== "number" || !Number.isFinite(value)) throw new KpiValueError(`KPI ${kpi.key} reported ${JSON.stringify(value) ?? "undefined"} at position ${ordinal}, not a finite number`);
  if (dimension !== undefined && dimension !== null && typeof dimension !== "string") throw new KpiValueError(`KPI ${kpi.key} reported a dimension that is not text at position ${ordinal}`);
  return { ordinal, value, dimension: (dimension ?? "").slice(0, MAX_DIMENSION_LENGTH) };
}

/**
 * The values one KPI takes for a finished run: none when its expression yields
 * nothing (the run ended before the step that reports it).
 * @throws KpiValueError when the expression fails or yields something that is not a number
 */
export async function readKpiValues(kpi: TTemplateKpi, context: TFinishedRunContext): Promise<TKpiValue[]> {
  let result: unknown;
  try {
    result = await evaluate(kpi.value, context);
  } catch (error) {
    if (error instanceof ExpressionError) throw new KpiValueError(`KPI ${kpi.key}: ${error.message}`);
    throw error;
  }
  if (result === undefined || result === null) return [];
  const elements = Array.isArray(result) ? result : [result];
  if (elements.length > MAX_VALUES_PER_RUN) throw new KpiValueError(`KPI ${kpi.key} reported ${elements.length} values; at most ${MAX_VALUES_PER_RUN} a run`);
  return elements.map((element, ordinal) => toValue(element, ordinal, kpi));
}

/** How a bucket's points become one value: counts add up, durations and amounts average. */
export function kpiAggregate(kpi: Pick<TTemplateKpi, "unit" | "aggregate">): "sum" | "mean" {
  return kpi.aggregate ?? (kpi.unit === "count" ? "sum" : "mean");
}
