import { describe, expect, it } from "vitest";
import { layoutSteps, NODE_HEIGHT, stepAccessibleName, stepViewsOf, type TRunGraph } from "./run-graph-model";
import { type TStepAttempt } from "./run-view";

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

const node = (key: string, kind: string, extra: Partial<TRunGraph["nodes"][number]> = {}) => ({ key, kind, title: null, forEach: null, emits: null, ...extra });
const graph: TRunGraph = {
  start: "route",
  nodes: [node("route", "branch"), node("approve", "approval"), node("lines", "forEach"), node("restock", "action", { forEach: "lines" }), node("tell", "emit", { emits: "returns.notify" })],
  edges: [
    { from: "route", to: "approve", kind: "case", label: "case 1" },
    { from: "route", to: "lines", kind: "otherwise", label: "otherwise" },
    { from: "approve", to: "lines", kind: "next", label: null },
    { from: "lines", to: "restock", kind: "body", label: "each item" },
    { from: "lines", to: "tell", kind: "next", label: "after all items" },
  ],
};

describe("stepViewsOf", () => {
  it("gives every step of the definition what the run did there", () => {
    const steps = stepViewsOf(graph, {
      status: "failed",
      currentStep: "restock",
      steps: [
        attempt("route"),
        attempt("lines"),
        attempt("restock", { iteration: 0 }),
        attempt("restock", { iteration: 1, status: "failed", finishedAt: new Date("2026-03-10T12:00:03Z") }),
      ],
    });
    const byKey = Object.fromEntries(steps.map((s) => [s.key, s]));
    expect(byKey.route).toMatchObject({ state: "succeeded", durationMs: 1000, current: false });
    expect(byKey.approve).toMatchObject({ state: "notReached", attempts: [] });
    expect(byKey.restock).toMatchObject({ state: "failed", items: 2, current: true, durationMs: 3000 });
    expect(byKey.tell).toMatchObject({ state: "notReached" });
  });

  it("shows an approval that waits as waiting, and unreached steps of a live run as not started", () => {
    const steps = stepViewsOf(graph, { status: "running", currentStep: "approve", steps: [attempt("route"), attempt("approve", { status: "running", finishedAt: null })] });
    const byKey = Object.fromEntries(steps.map((s) => [s.key, s]));
    expect(byKey.approve).toMatchObject({ state: "waiting", durationMs: null, current: true });
    expect(byKey.lines?.state).toBe("pending");
    expect(stepAccessibleName(byKey.approve!)).toBe("approve, Approval, Waiting, current step");
  });

  it("reads an operator's skip as skipped, not as a failure", () => {
    const [route] = stepViewsOf(graph, { status: "succeeded", currentStep: null, steps: [attempt("route", { error: { skipped: true, note: "done by hand" } })] });
    expect(route?.state).toBe("skipped");
  });
});

describe("layoutSteps", () => {
  it("places each step below the steps that lead to it", () => {
    const at = layoutSteps(graph);
    expect(at.size).toBe(5);
    expect(at.get("approve")!.y).toBeGreaterThanOrEqual(at.get("route")!.y + NODE_HEIGHT);
    expect(at.get("restock")!.y).toBeGreaterThan(at.get("lines")!.y);
    expect(at.get("tell")!.y).toBeGreaterThan(at.get("lines")!.y);
  });
});
