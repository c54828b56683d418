import { startTelemetry } from "@storeflow/telemetry";
import { readPortalEnv } from "./env";
import { observability } from "./server/observability";

// Spans of tRPC calls, webhooks received here and runs started here; nothing is registered without an endpoint.
// No shutdown hook: Next.js owns the process's signals, and a stateless replica loses at most one batch of spans.
startTelemetry({
  serviceName: "storeflow-portal",
  env: readPortalEnv(),
  onError: (error) => observability().logger.error({ error: String(error) }, "trace export"),
});
