import { Histogram, type Registry } from "prom-client";

/** Route handlers answer in milliseconds; a slow tRPC query or a cold start in seconds. */
const HTTP_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Request latency and rate for `storeflow_http_request_duration_seconds{route,method,status}`. */
export interface THttpMetrics {
  /**
   * One answered request. `route` is a fixed group ("trpc", "hooks", "auth"), never
   * the path: paths carry tokens and ids, which would leak and explode the series.
   */
  observe(request: { route: string; method: string; status: number; seconds: number }): void;
}

export function createHttpMetrics(registry: Registry): THttpMetrics {
  const duration = new Histogram({
    name: "storeflow_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by route group, method and status; its _count is the request rate.",
    labelNames: ["route", "method", "status"],
    buckets: HTTP_BUCKETS_S,
    registers: [registry],
  });
  return {
    observe({ route, method, status, seconds }) {
      const upper = method.toUpperCase();
      duration.observe({ route, method: METHODS.has(upper) ? upper : "other", status: status >= 100 && status <= 599 ? String(status) : "other" }, seconds);
    },
  };
}

/**
 * `handler`, timed into `metrics` under `route`. A handler that throws is
 * counted as a 500 (what the framework answers then) and the error goes on.
 */
export function withRequestMetrics<TArgs extends unknown[]>(
  metrics: THttpMetrics,
  route: string,
  handler: (request: Request, ...rest: TArgs) => Response | Promise<Response>,
): (request: Request, ...rest: TArgs) => Promise<Response> {
  return async (request, ...rest) => {
    const began = performance.now();
    let status = 500;
    try {
      const response = await handler(request, ...rest);
      status = response.status;
      return response;
    } finally {
      metrics.observe({ route, method: request.method, status, seconds: (performance.now() - began) / 1000 });
    }
  };
}
