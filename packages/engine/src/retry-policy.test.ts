import { describe, expect, it } from "vitest";
import { ZRetryPolicy } from "./definition";
import { DEFAULT_RETRY_POLICY, nextRetryDelayMs } from "./retry-policy";

const steady = ZRetryPolicy.parse({ attempts: 10, initialDelayMs: 1000, maxDelayMs: 10_000, factor: 2, jitter: 0 });
const middle = () => 0.5;

describe("nextRetryDelayMs", () => {
  it("grows exponentially from the initial delay", () => {
    expect([1, 2, 3, 4].map((attempt) => nextRetryDelayMs(steady, attempt))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("caps the delay at maxDelayMs", () => {
    expect(nextRetryDelayMs(steady, 5)).toBe(10_000);
    expect(nextRetryDelayMs(steady, 9)).toBe(10_000);
  });

  it("spreads the delay by at most the jitter fraction either way", () => {
    const policy = { ...steady, jitter: 0.2 };
    expect(nextRetryDelayMs(policy, 2, { random: () => 0 })).toBe(1600);
    expect(nextRetryDelayMs(policy, 2, { random: middle })).toBe(2000);
    expect(nextRetryDelayMs(policy, 2, { random: () => 0.999_999 })).toBe(2400);
    for (let i = 0; i < 200; i++) {
      const delay = nextRetryDelayMs(policy, 3) ?? Number.NaN;
      expect(delay).toBeGreaterThanOrEqual(3200);
      expect(delay).toBeLessThanOrEqual(4800);
    }
  });

  it("never lets jitter push past maxDelayMs", () => {
    expect(nextRetryDelayMs({ ...steady, jitter: 0.5 }, 8, { random: () => 0.999 })).toBe(10_000);
  });

  it("honours a longer Retry-After, even past maxDelayMs, but not a shorter one", () => {
    expect(nextRetryDelayMs(steady, 1, { retryAfterMs: 30_000 })).toBe(30_000);
    expect(nextRetryDelayMs(steady, 3, { retryAfterMs: 500 })).toBe(4000);
  });

  it("returns null once the attempts are used up", () => {
    expect(DEFAULT_RETRY_POLICY.attempts).toBe(3);
    expect(nextRetryDelayMs(DEFAULT_RETRY_POLICY, 2, { random: middle })).toBe(2000);
    expect(nextRetryDelayMs(DEFAULT_RETRY_POLICY, 3, { random: middle })).toBeNull();
    expect(nextRetryDelayMs(DEFAULT_RETRY_POLICY, 3, { retryAfterMs: 1000 })).toBeNull();
  });
});
