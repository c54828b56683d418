import { describe, expect, it } from "vitest";
import { injectTraceContext, isTracing, logFields, startSpan, traceparentOf, withContextAttributes, withSpan, withTraceContext } from "./index";

describe("with no provider registered", () => {
  it("runs the work and records, propagates and allocates nothing", async () => {
    expect(isTracing()).toBe(false);
    const span = await withSpan("step", { a: 1 }, async (s) => s);
    expect(span.isRecording()).toBe(false);
    expect(await withSpan("other", {}, async (s) => s)).toBe(span);
    expect(startSpan("publish", {}, { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" })).toBe(span);
    expect(traceparentOf(span)).toBeUndefined();
    expect(await withTraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", async () => injectTraceContext())).toBeUndefined();
    expect(withContextAttributes({ a: "b" }, () => logFields())).toEqual({});
    await expect(withSpan("failing", {}, async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
  });
});
