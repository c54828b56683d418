import { createHttpMetrics, withRequestMetrics } from "@storeflow/metrics";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { metricsResponse } from "./metrics-response";

const TOKEN = "scrape-token-0123456789";
const scrape = (authorization?: string) => new Request("http://portal.test/metrics", authorization ? { headers: { authorization } } : {});

describe("GET /metrics", () => {
  it("serves the request metrics the route wrappers recorded, to the configured token only", async () => {
    const registry = new Registry();
    const trpc = withRequestMetrics(createHttpMetrics(registry), "trpc", async () => new Response("{}", { status: 200 }));
    await trpc(new Request("http://portal.test/api/trpc/runs.list"));
    await trpc(new Request("http://portal.test/api/trpc/runs.list"));

    const served = await metricsResponse(scrape(`Bearer ${TOKEN}`), { registry, token: TOKEN });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe(registry.contentType);
    expect(await served.text()).toMatch(/^storeflow_http_request_duration_seconds_count\{route="trpc",method="GET",status="200"\} 2$/m);

    for (const authorization of [undefined, "Bearer wrong-token-0123456789", TOKEN]) {
      const refused = await metricsResponse(scrape(authorization), { registry, token: TOKEN });
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain("storeflow_");
    }
  });

  it("does not exist while no METRICS_TOKEN is configured", async () => {
    const response = await metricsResponse(scrape("Bearer anything"), { registry: new Registry(), token: undefined });
    expect(response.status).toBe(404);
  });
});
