import { isAuthorizedScrape } from "@storeflow/metrics";
import { type Registry } from "prom-client";

/**
 * GET /metrics: the registry in Prometheus text format, for a scrape that
 * carries `Authorization: Bearer <METRICS_TOKEN>`. Without a token configured
 * the route does not exist (404); a wrong or missing token gets 401 and nothing else.
 */
export async function metricsResponse(request: Request, { registry, token }: { registry: Registry; token: string | undefined }): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  if (!token) return new Response("not found", { status: 404, headers });
  if (!isAuthorizedScrape(request.headers.get("authorization"), token)) {
    return new Response("unauthorized", { status: 401, headers: { ...headers, "www-authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(await registry.metrics(), { status: 200, headers: { ...headers, "content-type": registry.contentType } });
}
