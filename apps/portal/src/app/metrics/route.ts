import { metricsResponse } from "@/server/metrics-response";
import { observability } from "@/server/observability";
import { services } from "@/server/services";

export const dynamic = "force-dynamic";

/** Prometheus scrapes, with the METRICS_TOKEN bearer token (see docs/operations.md, "Metrics"). */
export async function GET(request: Request) {
  return metricsResponse(request, { registry: observability().registry, token: services().env.METRICS_TOKEN });
}
