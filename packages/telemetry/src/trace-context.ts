import { type Context, context, defaultTextMapGetter, defaultTextMapSetter, type Span, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { activeTracer } from "./state";

// Our own instance, not the global propagator: a traceparent stored in a row or a job
// is always W3C, whatever propagators an app registers for its HTTP traffic.
const w3c = new W3CTraceContextPropagator();

/** The active context with `traceparent`'s span as the remote parent; unchanged when it does not parse. */
export function contextWithTraceparent(traceparent: string): Context {
  return w3c.extract(context.active(), { traceparent }, defaultTextMapGetter);
}

function traceparentIn(ctx: Context): string | undefined {
  const carrier: { traceparent?: string } = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/**
 * The W3C traceparent of the active span, to store with work that goes on
 * later or elsewhere (an outbox row, a run, a queued job). Undefined while
 * nothing is registered or no span is active.
 */
export function injectTraceContext(): string | undefined {
  if (!activeTracer()) return undefined;
  return traceparentIn(context.active());
}

/** The W3C traceparent of `span`, undefined for a no-op span. */
export function traceparentOf(span: Span): string | undefined {
  if (!activeTracer()) return undefined;
  return traceparentIn(trace.setSpan(context.active(), span));
}

/**
 * Runs `fn` with `traceparent` as the remote parent of the spans it starts:
 * the work continues the trace it was stored with. Without a traceparent, or
 * while nothing is registered, `fn` runs in the context it was called in.
 */
export function withTraceContext<T>(traceparent: string | null | undefined, fn: () => T): T {
  if (!traceparent || !activeTracer()) return fn();
  return context.with(contextWithTraceparent(traceparent), fn);
}
