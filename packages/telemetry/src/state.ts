import { context, propagation, trace, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

const TRACER_NAME = "@storeflow/telemetry";

interface TTracingState {
  /** The registered provider's tracer; null while nothing is registered, which every helper checks first. */
  tracer: Tracer | null;
}

// Kept on globalThis, as the OpenTelemetry API keeps its own registrations: a bundler that
// loads this module twice (Next.js's instrumentation and route bundles) still sees one state.
const KEY = Symbol.for("storeflow.telemetry.state");
const state: TTracingState = ((globalThis as { [KEY]?: TTracingState })[KEY] ??= { tracer: null });

/** True once a provider is registered (startTelemetry with an endpoint, or a test's in-memory one). */
export function isTracing(): boolean {
  return state.tracer !== null;
}

/** The tracer spans are made with; the API's no-op tracer while nothing is registered. */
export function tracer(): Tracer {
  return state.tracer ?? trace.getTracer(TRACER_NAME);
}

/** @internal the registered tracer, or null: what the helpers test before doing anything. */
export function activeTracer(): Tracer | null {
  return state.tracer;
}

/**
 * Registers `provider` with the OpenTelemetry API, with an AsyncLocalStorage
 * context manager and the W3C trace-context propagator. `replace` first drops
 * whatever was registered (tests register a provider per file in one process).
 */
export function registerTracing(provider: TracerProvider, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) unregisterTracing();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  state.tracer = provider.getTracer(TRACER_NAME);
}

/** Undoes {@link registerTracing}: the helpers go back to costing nothing. */
export function unregisterTracing(): void {
  state.tracer = null;
  trace.disable();
  propagation.disable();
  context.disable();
}
