import { describe, expect, it } from "vitest";
import { ATTR_PARTNER_ID, ATTR_RUN_ID, endSpan, injectTraceContext, logFields, SpanKind, SpanStatusCode, startSpan, traceparentOf, withContextAttributes, withSpan, withTraceContext } from "./index";
import { useInMemoryTracing } from "./test";

const tracing = useInMemoryTracing();
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

describe("with a provider registered", () => {
  it("records a span per withSpan, nested under the active one, and ends it", async () => {
    const result = await withSpan("outer", { a: 1 }, () => withSpan("inner", {}, async () => 42), { kind: SpanKind.SERVER });
    expect(result).toBe(42);
    const [inner, outer] = tracing.spans();
    expect(outer).toMatchObject({ name: "outer", kind: SpanKind.SERVER, attributes: { a: 1 } });
    expect(inner!.spanContext().traceId).toBe(outer!.spanContext().traceId);
    expect(inner!.parentSpanContext?.spanId).toBe(outer!.spanContext().spanId);
    expect(outer!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("records what threw, or only its type when messages may quote a far end", async () => {
    await expect(withSpan("loud", {}, async () => Promise.reject(new TypeError("boom")))).rejects.toThrow("boom");
    await expect(withSpan("quiet", {}, async () => Promise.reject(new RangeError("body: secret")), { errorMessages: false })).rejects.toThrow();
    const [loud, quiet] = tracing.spans();
    expect(loud!.status).toEqual({ code: SpanStatusCode.ERROR, message: "boom" });
    expect(loud!.events[0]).toMatchObject({ name: "exception", attributes: { "exception.message": "boom", "exception.type": "TypeError" } });
    expect(quiet!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(quiet!.attributes["error.type"]).toBe("RangeError");
    expect(JSON.stringify([quiet!.events, quiet!.attributes])).not.toContain("secret");
  });

  it("carries the trace through a stored traceparent", async () => {
    const stored = await withSpan("receive", {}, async () => injectTraceContext());
    expect(stored).toMatch(TRACEPARENT);
    await withTraceContext(stored, () => withSpan("relay", {}, async () => {}));
    const [receive, relay] = tracing.spans();
    expect(relay!.spanContext().traceId).toBe(receive!.spanContext().traceId);
    expect(relay!.parentSpanContext).toMatchObject({ spanId: receive!.spanContext().spanId, isRemote: true });
    // Nothing stored, or nothing that parses: the work goes on where it was called.
    expect(await withTraceContext(undefined, async () => "ran")).toBe("ran");
    await withTraceContext("00-nonsense", () => withSpan("orphan", {}, async () => {}));
    expect(tracing.spans()[2]!.parentSpanContext).toBeUndefined();
  });

  it("starts unparented spans under a traceparent, for batches, and says theirs", () => {
    const parent = startSpan("run", {});
    const child = startSpan("publish", {}, { kind: SpanKind.PRODUCER, traceparent: traceparentOf(parent)! });
    expect(traceparentOf(child)).toMatch(TRACEPARENT);
    endSpan(child, new Error("redis down"));
    endSpan(parent);
    const [published, run] = tracing.spans();
    expect(published!.parentSpanContext?.spanId).toBe(run!.spanContext().spanId);
    expect(published!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("stamps context attributes on every span inside, the span's own winning, and into log fields", async () => {
    let fields: Readonly<Record<string, string>> = {};
    await withContextAttributes({ [ATTR_PARTNER_ID]: "p1", [ATTR_RUN_ID]: "r1" }, () =>
      withSpan("step", { [ATTR_RUN_ID]: "own" }, () =>
        withContextAttributes({ extra: "x" }, () =>
          withSpan("http", {}, async () => {
            fields = logFields();
          }),
        ),
      ),
    );
    const [http, step] = tracing.spans();
    expect(step!.attributes).toMatchObject({ [ATTR_PARTNER_ID]: "p1", [ATTR_RUN_ID]: "own" });
    expect(http!.attributes).toMatchObject({ [ATTR_PARTNER_ID]: "p1", [ATTR_RUN_ID]: "r1", extra: "x" });
    expect(fields).toEqual({ trace_id: http!.spanContext().traceId, span_id: http!.spanContext().spanId, partnerId: "p1", runId: "r1" });
  });

  it("makes no low-level span without a parent", async () => {
    await withSpan("db.query", {}, async () => {}, { requireParent: true });
    await withSpan("step", {}, () => withSpan("db.query", {}, async () => {}, { requireParent: true }));
    expect(tracing.spans().map((s) => s.name)).toEqual(["db.query", "step"]);
  });
});
