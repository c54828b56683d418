export { SpanKind, SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
export {
  ATTR_CLIENT_ID,
  ATTR_CONNECTION_ID,
  ATTR_CONNECTOR,
  ATTR_EVENT_TYPE,
  ATTR_OPERATION,
  ATTR_PARTNER_ID,
  ATTR_RUN_ID,
  ATTR_STEP,
  ATTR_STEP_ATTEMPT,
  ATTR_STEP_ITERATION,
  ATTR_STEP_OUTCOME,
  ATTR_USER_ID,
  ATTR_WORKFLOW,
} from "./attributes";
export { telemetryEnv, type TTelemetryEnv } from "./env";
export { logFields } from "./log-fields";
export { endSpan, startSpan, withContextAttributes, withSpan, type TSpanOptions } from "./spans";
export { startTelemetry, type StartTelemetryOptions, type TTelemetry } from "./start-telemetry";
export { isTracing, tracer } from "./state";
export { injectTraceContext, traceparentOf, withTraceContext } from "./trace-context";
