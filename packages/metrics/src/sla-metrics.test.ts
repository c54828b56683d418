import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createSlaBreachMetrics } from "./sla-metrics";

describe("storeflow_sla_breaches_total", () => {
  it("counts breaches by kind, exports known kinds at 0, and keeps unknown labels bounded", async () => {
    const registry = new Registry();
    const metrics = createSlaBreachMetrics(registry, ["run_duration", "cadence"]);
    metrics.breached("run_duration", 3);
    metrics.breached("run_duration");
    metrics.breached("backlog_age", 0);
    metrics.breached("Run-Duration; drop table", 2);
    const text = await registry.metrics();
    expect(text).toMatch(/^storeflow_sla_breaches_total\{kind="run_duration"\} 4$/m);
    expect(text).toMatch(/^storeflow_sla_breaches_total\{kind="cadence"\} 0$/m);
    expect(text).toMatch(/^storeflow_sla_breaches_total\{kind="other"\} 2$/m);
    expect(text).not.toContain("backlog_age");
  });
});
