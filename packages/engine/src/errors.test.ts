import { describe, expect, it } from "vitest";
import { classifyError, ExpressionError, NonRetryableError, RateLimitedError, RetryableError, StepTimeoutError } from "./errors";

describe("classifyError", () => {
  it("does not retry a NonRetryableError or its subclasses", () => {
    expect(classifyError(new NonRetryableError("order is closed"))).toEqual({ message: "order is closed", retryable: false, kind: "NonRetryableError" });
    expect(classifyError(new ExpressionError("bad", { expression: "(" }))).toMatchObject({ retryable: false, kind: "ExpressionError" });
  });

  it("retries a RetryableError, keeping the far end's Retry-After", () => {
    expect(classifyError(new RateLimitedError("slow down", { retryAfterMs: 30_000 }))).toEqual({
      message: "slow down",
      retryable: true,
      retryAfterMs: 30_000,
      kind: "RateLimitedError",
    });
    expect(classifyError(new StepTimeoutError("took too long"))).toEqual({ message: "took too long", retryable: true, kind: "StepTimeoutError" });
    expect(classifyError(new RetryableError("busy"))).not.toHaveProperty("retryAfterMs");
  });

  it("assumes an unknown failure is transient", () => {
    expect(classifyError(new Error("socket hang up"))).toMatchObject({ retryable: true, kind: "Error" });
    expect(classifyError("boom")).toEqual({ message: "boom", retryable: true, kind: "unknown" });
    expect(classifyError({ status: 503 })).toMatchObject({ message: '{"status":503}', retryable: true });
  });

  it("does not retry programming errors", () => {
    for (const error of [new TypeError("x is not a function"), new RangeError("bad length"), new SyntaxError("Unexpected token")]) {
      expect(classifyError(error)).toMatchObject({ retryable: false, kind: error.name });
    }
  });

  it("retries fetch's network failure although it is a TypeError", () => {
    expect(classifyError(new TypeError("fetch failed", { cause: new Error("ECONNRESET") })).retryable).toBe(true);
  });

  it("keeps messages to 2000 characters", () => {
    const { message } = classifyError(new Error("x".repeat(5000)));
    expect(message).toHaveLength(2000);
    expect(message.endsWith("…")).toBe(true);
  });
});
