import { isTracing, SpanKind, withSpan } from "@storeflow/telemetry";

/**
 * A client span for one of the executor's statements, named by the name pg
 * prepares it under (`db.runs.claim-step`), never its text or values. Made only
 * inside a traced piece of work: a statement alone is no trace.
 */
export function traceQuery<T>(name: string, query: () => Promise<T>): Promise<T> {
  if (!isTracing()) return query();
  return withSpan(`db.${name}`, { "db.system.name": "postgresql", "db.query.summary": name }, query, { kind: SpanKind.CLIENT, requireParent: true });
}
