import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { setGlobalErrorHandler } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { type TTelemetryEnv } from "./env";
import { ContextAttributesProcessor } from "./spans";
import { registerTracing, unregisterTracing } from "./state";

/** Options for {@link startTelemetry}. */
export interface StartTelemetryOptions {
  /** How the app reports itself ("storeflow-worker"); OTEL_SERVICE_NAME overrides it. */
  serviceName: string;
  /** The app's validated variables (see telemetryEnv). */
  env: TTelemetryEnv;
  /** Told when spans cannot be exported (the collector is down); spans are dropped, work goes on. */
  onError?: (error: unknown) => void;
}

/** What {@link startTelemetry} started. */
export interface TTelemetry {
  /** False when no endpoint is configured: nothing was registered. */
  enabled: boolean;
  /** Exports what is buffered and unregisters; call it before the process exits. */
  shutdown(): Promise<void>;
}

/** The traces URL: the signal endpoint as given, else `<base>/v1/traces` (OTLP/HTTP's own rule). */
function tracesUrl(env: TTelemetryEnv): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
  return undefined;
}

/**
 * Starts tracing for an app: spans are batched and sent over OTLP/HTTP (JSON)
 * to the configured collector. Without an endpoint no provider is registered
 * at all, so the API stays no-op and every helper returns at its first check.
 * Call it first thing in main, before work starts.
 */
export function startTelemetry({ serviceName, env, onError }: StartTelemetryOptions): TTelemetry {
  const url = tracesUrl(env);
  if (!url) return { enabled: false, shutdown: async () => {} };
  if (onError) setGlobalErrorHandler(onError);
  const exporter = new OTLPTraceExporter({ url, headers: env.OTEL_EXPORTER_OTLP_HEADERS });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: [new ContextAttributesProcessor(), new BatchSpanProcessor(exporter)],
  });
  registerTracing(provider);
  return {
    enabled: true,
    async shutdown() {
      unregisterTracing();
      await provider.shutdown();
    },
  };
}
