import { ATTR_CLIENT_ID, ATTR_PARTNER_ID, ATTR_RUN_ID, withContextAttributes, withSpan } from "@storeflow/telemetry";
import { useInMemoryTracing } from "@storeflow/telemetry/test";
import { describe, expect, it } from "vitest";
import { jobLogger } from "./children";
import { createLogger } from "./logger";

const tracing = useInMemoryTracing();

describe("log lines inside traced work", () => {
  it("carry the active span's trace and span ids and the tenant and run, next to the job's bindings", async () => {
    const lines: string[] = [];
    const root = createLogger({ service: "storeflow-test", destination: { write: (line: string) => void lines.push(line) } });
    const attributes = { [ATTR_PARTNER_ID]: "p1", [ATTR_CLIENT_ID]: "c1", [ATTR_RUN_ID]: "r1" };
    await withContextAttributes(attributes, () =>
      withSpan("step.execute", {}, async () => {
        jobLogger(root, { queue: "{runs}", jobId: "j1", runId: "r1", stepKey: "charge" }).info("step failed");
      }),
    );
    root.info("outside");
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const span = tracing.spans()[0]!.spanContext();
    expect(inside).toMatchObject({ msg: "step failed", queue: "{runs}", jobId: "j1", stepKey: "charge", trace_id: span.traceId, span_id: span.spanId, partnerId: "p1", clientId: "c1", runId: "r1" });
    expect(outside).not.toHaveProperty("trace_id");
  });
});
