/**
 * Runs once when the server starts: a bad environment stops it with a clear
 * message, then tracing starts (when OTEL_EXPORTER_OTLP_ENDPOINT is set).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./validate-env-at-boot");
  await import("./telemetry-at-boot");
}
