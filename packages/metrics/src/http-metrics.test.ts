import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createHttpMetrics, withRequestMetrics } from "./http-metrics";
import { isAuthorizedScrape } from "./scrape-access";

describe("withRequestMetrics", () => {
  it("times each request by route group, method and status, a throw as a 500", async () => {
    const registry = new Registry();
    const metrics = createHttpMetrics(registry);
    const ok = withRequestMetrics(metrics, "trpc", async () => new Response("{}", { status: 200 }));
    const refused = withRequestMetrics(metrics, "hooks", async (_request: Request, context: { token: string }) => new Response(context.token, { status: 401 }));
    const broken = withRequestMetrics(metrics, "trpc", async () => Promise.reject(new Error("database down")));
    await ok(new Request("http://portal.test/api/trpc/runs.list?batch=1"));
    await ok(new Request("http://portal.test/api/trpc/runs.list", { method: "POST" }));
    await ok(new Request("http://portal.test/api/trpc/runs.list", { method: "POST" }));
    expect((await refused(new Request("http://portal.test/api/hooks/tok_secret", { method: "POST" }), { token: "x" })).status).toBe(401);
    await expect(broken(new Request("http://portal.test/api/trpc/x"))).rejects.toThrow("database down");
    const text = await registry.metrics();
    expect(text).toMatch(/^storeflow_http_request_duration_seconds_count\{route="trpc",method="GET",status="200"\} 1$/m);
    expect(text).toMatch(/^storeflow_http_request_duration_seconds_count\{route="trpc",method="POST",status="200"\} 2$/m);
    expect(text).toMatch(/^storeflow_http_request_duration_seconds_count\{route="hooks",method="POST",status="401"\} 1$/m);
    expect(text).toMatch(/^storeflow_http_request_duration_seconds_count\{route="trpc",method="GET",status="500"\} 1$/m);
    expect(text).toMatch(/^storeflow_http_request_duration_seconds_bucket\{le="\+Inf",route="trpc",method="POST",status="200"\} 2$/m);
    // Paths (tokens, procedure names) never become labels.
    expect(text).not.toContain("tok_secret");
    expect(text).not.toContain("runs.list");
  });
});

describe("isAuthorizedScrape", () => {
  it("admits only the configured bearer token, and nothing without one", () => {
    expect(isAuthorizedScrape("Bearer s3cret-token", "s3cret-token")).toBe(true);
    expect(isAuthorizedScrape("Bearer s3cret-tokeN", "s3cret-token")).toBe(false);
    expect(isAuthorizedScrape("Bearer s3cret", "s3cret-token")).toBe(false);
    expect(isAuthorizedScrape("s3cret-token", "s3cret-token")).toBe(false);
    expect(isAuthorizedScrape(null, "s3cret-token")).toBe(false);
    expect(isAuthorizedScrape("Bearer ", undefined)).toBe(false);
    expect(isAuthorizedScrape("Bearer ", "")).toBe(false);
  });
});
