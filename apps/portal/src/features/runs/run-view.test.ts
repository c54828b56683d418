import { describe, expect, it } from "vitest";
import { errorText, formatDuration, isSkipped, resolutionNote, timelineOf, triageOf, type TStepAttempt } from "./run-view";

let seq = 0;
function attempt(stepKey: string, overrides: Partial<TStepAttempt> = {}): TStepAttempt {
  seq++;
  return {
    id: `0196a1b2-c3d4-7e5f-8a9b-${String(seq).padStart(12, "0")}`,
    stepKey,
    iteration: 0,
    attempt: 1,
    status: "succeeded",
    input: {},
    output: {},
    error: null,
    startedAt: new Date("2026-03-10T12:00:00Z"),
    finishedAt: new Date("2026-03-10T12:00:01Z"),
    ...overrides,
  };
}

describe("timelineOf", () => {
  it("folds consecutive attempts at one step and item into one entry, in order", () => {
    const steps = [
      attempt("route"),
      attempt("ack_order", { status: "failed" }),
      attempt("ack_order", { attempt: 2, status: "failed" }),
      attempt("ack_order", { attempt: 3 }),
      attempt("notify", { iteration: 0 }),
      attempt("notify", { iteration: 1 }),
      attempt("route"),
    ];
    expect(timelineOf(steps).map((s) => [s.stepKey, s.iteration, s.attempts.map((a) => a.attempt)])).toEqual([
      ["route", 0, [1]],
      ["ack_order", 0, [1, 2, 3]],
      ["notify", 0, [1]],
      ["notify", 1, [1]],
      ["route", 0, [1]],
    ]);
  });
});

describe("errorText", () => {
  it("reads run, step and skip errors as a line", () => {
    expect(errorText({ step: "ack_order", reason: "Outbound request refused", exception: true })).toBe("Outbound request refused");
    expect(errorText({ message: "timed out", retryable: true })).toBe("timed out");
    expect(errorText({ skipped: true, note: "Refunded by phone", userId: "u" })).toBe("Skipped by an operator: Refunded by phone");
    expect(errorText("plain")).toBe("plain");
    expect(errorText({ code: 7 })).toBe('{"code":7}');
    expect(errorText(null)).toBeNull();
  });

  it("tells a skip record from a real attempt", () => {
    expect(isSkipped(attempt("refund", { error: { skipped: true, note: "n", userId: "u" } }))).toBe(true);
    expect(isSkipped(attempt("refund", { error: { message: "boom" } }))).toBe(false);
  });
});

describe("triageOf and resolutionNote", () => {
  it("read what the API sends and nothing else", () => {
    const triage = { label: "configuration", confidence: 0.5, rationale: "Matched", source: "rules", suggestedAction: "Fix", at: "2026-03-10T12:00:00Z" };
    expect(triageOf(triage)).toEqual(triage);
    expect(triageOf({ pending: true })).toBeNull();
    expect(triageOf(null)).toBeNull();
    expect(resolutionNote({ note: "Refunded", userId: "u", at: "x" })).toBe("Refunded");
    expect(resolutionNote(null)).toBeNull();
  });
});

describe("formatDuration", () => {
  it("uses the unit that matters", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(3_240)).toBe("3.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(245_000)).toBe("4 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(2 * 3_600_000 + 180_000)).toBe("2 h 3 min");
    expect(formatDuration(50 * 3_600_000)).toBe("2 d 2 h");
    expect(formatDuration(-5)).toBe("0 ms");
  });
});
