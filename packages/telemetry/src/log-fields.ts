import { isSpanContextValid, trace } from "@opentelemetry/api";
import { ATTR_CLIENT_ID, ATTR_PARTNER_ID, ATTR_RUN_ID } from "./attributes";
import { contextAttributes } from "./spans";
import { activeTracer } from "./state";

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What a JSON log line adds to tie it to its trace: the active span's
 * `trace_id` and `span_id`, and the partner, client and run the work is for
 * (see withContextAttributes). Empty, and free, while nothing is registered.
 */
export function logFields(): Readonly<Record<string, string>> {
  if (!activeTracer()) return NONE;
  const fields: Record<string, string> = {};
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields.trace_id = span.traceId;
    fields.span_id = span.spanId;
  }
  const attributes = contextAttributes();
  for (const [field, key] of [["partnerId", ATTR_PARTNER_ID], ["clientId", ATTR_CLIENT_ID], ["runId", ATTR_RUN_ID]] as const) {
    const value = attributes?.[key];
    if (typeof value === "string") fields[field] = value;
  }
  return fields;
}
