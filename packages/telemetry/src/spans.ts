import { type Attributes, type Context, context, INVALID_SPAN_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { type ReadableSpan, type Span as TSdkSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { activeTracer } from "./state";
import { contextWithTraceparent } from "./trace-context";

/** What the helpers hand `fn` while nothing is registered: every call on it does nothing. */
const NOOP_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Options for {@link withSpan} and {@link startSpan}. */
export interface TSpanOptions {
  /** @defaultValue SpanKind.INTERNAL */
  kind?: SpanKind;
  /**
   * false records only the error's type, never its message or stack: for spans
   * around calls whose errors may quote what a far end answered (bodies).
   * @defaultValue true
   */
  errorMessages?: boolean;
  /** Make no span unless one is already active: for low-level spans (a query) that mean nothing on their own. */
  requireParent?: boolean;
}

/** Marks the span failed with what threw. */
function recordFailure(span: Span, error: unknown, errorMessages: boolean): void {
  const type = error instanceof Error ? error.name : typeof error;
  span.setAttribute("error.type", type);
  if (errorMessages && error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/**
 * Runs `fn` inside a new active span: a throw is recorded on it (exception
 * event, ERROR status) and rethrown, and the span ends when `fn` settles.
 * Success leaves the status unset unless `fn` sets one. While no provider is
 * registered, `fn` runs at once with a no-op span and nothing is allocated.
 * Attributes must never hold secrets or request and response bodies.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, options: TSpanOptions = {}): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return fn(NOOP_SPAN);
  const parent = context.active();
  if (options.requireParent && !trace.getSpan(parent)) return fn(NOOP_SPAN);
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error, options.errorMessages ?? true);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Starts a span that is not made active, for work that ends elsewhere (a batch
 * of messages published together). Its parent is the `traceparent` given, else
 * the active span. End it with {@link endSpan}.
 */
export function startSpan(name: string, attributes: Attributes, options: TSpanOptions & { traceparent?: string } = {}): Span {
  const tracer = activeTracer();
  if (!tracer) return NOOP_SPAN;
  const parent = options.traceparent ? contextWithTraceparent(options.traceparent) : context.active();
  return tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, parent);
}

/** Ends a span from {@link startSpan}, failed if `error` is given. */
export function endSpan(span: Span, error?: unknown, { errorMessages = true }: Pick<TSpanOptions, "errorMessages"> = {}): void {
  if (error !== undefined) recordFailure(span, error, errorMessages);
  span.end();
}

const ATTRIBUTES_KEY = Symbol.for("storeflow.telemetry.context-attributes");

/**
 * Runs `fn` with attributes that every span started inside it carries (the
 * tenant and run a piece of work is for), down to spans of packages that know
 * nothing of tenants, such as the outbound HTTP client's. Free while nothing
 * is registered.
 */
export function withContextAttributes<T>(attributes: Attributes, fn: () => T): T {
  if (!activeTracer()) return fn();
  const current = context.active();
  const inherited = current.getValue(ATTRIBUTES_KEY) as Attributes | undefined;
  return context.with(current.setValue(ATTRIBUTES_KEY, inherited ? { ...inherited, ...attributes } : attributes), fn);
}

/** The attributes {@link withContextAttributes} set for the active context. */
export function contextAttributes(): Attributes | undefined {
  return context.active().getValue(ATTRIBUTES_KEY) as Attributes | undefined;
}

/** Stamps each span with its context's attributes (see withContextAttributes); the span's own win. */
export class ContextAttributesProcessor implements SpanProcessor {
  onStart(span: TSdkSpan, parentContext: Context): void {
    const attributes = parentContext.getValue(ATTRIBUTES_KEY) as Attributes | undefined;
    if (!attributes) return;
    for (const key in attributes) if (span.attributes[key] === undefined) span.setAttribute(key, attributes[key]!);
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
