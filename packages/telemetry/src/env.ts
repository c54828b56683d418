import { z } from "zod";

/**
 * Comma-separated `key=value` pairs, values percent-encoded, as the
 * OpenTelemetry specification writes OTEL_EXPORTER_OTLP_HEADERS.
 */
const ZOtlpHeaders = z
  .string()
  .optional()
  .transform((value, context) => {
    const headers: Record<string, string> = {};
    for (const pair of (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean)) {
      const at = pair.indexOf("=");
      const name = at > 0 ? pair.slice(0, at).trim() : "";
      // The value is usually a credential: the message names the entry by position, never by content.
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
        context.addIssue({ code: "custom", message: "write each header as name=value, separated by commas" });
        return z.NEVER;
      }
      try {
        headers[name] = decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        context.addIssue({ code: "custom", message: `the value of "${name}" is not valid percent-encoding` });
        return z.NEVER;
      }
    }
    return headers;
  });

const ZOtlpUrl = z.url({ protocol: /^https?$/, error: "must be the collector's http(s) URL, such as http://otel-collector:4318" }).optional();

/**
 * The tracing variables every app reads, declared here and read by each app's
 * own env module (`defineEnv({ ...telemetryEnv, ... })`), so they are validated
 * with the app's other variables at boot. Without an endpoint nothing is
 * registered and tracing costs nothing.
 */
export const telemetryEnv = {
  /** OTLP/HTTP base URL; traces go to `<url>/v1/traces`. Unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: ZOtlpUrl,
  /** The traces endpoint itself, used as given; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ZOtlpUrl,
  /** Headers for the collector, e.g. `authorization=Bearer%20…`; never logged. */
  OTEL_EXPORTER_OTLP_HEADERS: ZOtlpHeaders,
  /** Overrides the service name the app reports itself under. */
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
};

export type TTelemetryEnv = { [K in keyof typeof telemetryEnv]?: z.infer<(typeof telemetryEnv)[K]> };
