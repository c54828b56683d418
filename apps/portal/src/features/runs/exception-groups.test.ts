import { describe, expect, it } from "vitest";
import { groupByCause, groupByWorkflowStep, loadFailedRuns, NOT_TRIAGED } from "./exception-groups";
import { type TRunSummary } from "./run-view";

let seq = 0;
function failedRun(overrides: Partial<TRunSummary> & { label?: string | null } = {}): TRunSummary {
  const { label, ...rest } = overrides;
  seq++;
  return {
    id: `0196a1b2-c3d4-7e5f-8a9b-${String(seq).padStart(12, "0")}`,
    clientId: "0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    clientName: "Harbor Outfitters",
    workflowKey: "supplier-invoice-match",
    workflowVersion: "1.0.0",
    status: "failed",
    currentStep: "ack_order",
    trigger: "manual",
    correlationKey: null,
    parentRunId: null,
    error: { step: "ack_order", reason: "boom", exception: true },
    triage: label ? { label, confidence: 0.75, rationale: "Matched", source: "rules", suggestedAction: "Retry", at: "2026-03-10T12:00:00Z" } : null,
    createdAt: new Date("2026-03-10T12:00:00Z"),
    updatedAt: new Date("2026-03-10T12:00:00Z"),
    finishedAt: new Date("2026-03-10T12:00:01Z"),
    ...rest,
  };
}

describe("groupByCause", () => {
  it("puts named causes first by size, then the ones needing a person, then the untriaged", () => {
    const runs = [
      failedRun({ label: null }),
      failedRun({ label: "unknown" }),
      failedRun({ label: "credentials" }),
      failedRun({ label: "configuration" }),
      failedRun({ label: "configuration" }),
      failedRun({ label: "vendor_unavailable" }),
    ];
    const groups = groupByCause(runs);
    expect(groups.map((g) => [g.key, g.title, g.runs.length])).toEqual([
      ["configuration", "Configuration", 2],
      // One each: triage's own order breaks the tie.
      ["vendor_unavailable", "System unavailable", 1],
      ["credentials", "Credentials", 1],
      ["unknown", "Needs a person", 1],
      [NOT_TRIAGED, "Not triaged yet", 1],
    ]);
    expect(groups[0]!.runs).toEqual([runs[3], runs[4]]);
  });

  it("reads a claimed-but-unwritten or malformed triage as not triaged, and keeps a label it does not know", () => {
    const groups = groupByCause([failedRun({ triage: { pending: true } }), failedRun({ label: "new_cause" })]);
    expect(groups.map((g) => [g.key, g.title])).toEqual([["new_cause", "new cause"], [NOT_TRIAGED, "Not triaged yet"]]);
  });

  it("is empty for no runs", () => {
    expect(groupByCause([])).toEqual([]);
  });
});

describe("groupByWorkflowStep", () => {
  it("counts runs per workflow and failed step, the biggest first", () => {
    const groups = groupByWorkflowStep([
      failedRun({ workflowKey: "returns-refunds", currentStep: "refund" }),
      failedRun(),
      failedRun({ workflowKey: "returns-refunds", currentStep: "refund" }),
      failedRun({ currentStep: "invoice" }),
      failedRun({ workflowKey: "returns-refunds", currentStep: null }),
    ]);
    expect(groups).toEqual([
      { workflowKey: "returns-refunds", stepKey: "refund", count: 2 },
      { workflowKey: "returns-refunds", stepKey: null, count: 1 },
      { workflowKey: "supplier-invoice-match", stepKey: "ack_order", count: 1 },
      { workflowKey: "supplier-invoice-match", stepKey: "invoice", count: 1 },
    ]);
  });
});

describe("loadFailedRuns", () => {
  it("follows cursors to the last page", async () => {
    const pages = { start: { items: [failedRun()], nextCursor: "b" }, b: { items: [failedRun(), failedRun()], nextCursor: null } };
    const asked: (string | undefined)[] = [];
    const result = await loadFailedRuns(async (cursor) => {
      asked.push(cursor);
      return pages[(cursor ?? "start") as keyof typeof pages];
    });
    expect(asked).toEqual([undefined, "b"]);
    expect(result.runs).toHaveLength(3);
    expect(result.truncated).toBe(false);
  });

  it("stops after the page limit and says so", async () => {
    let calls = 0;
    const result = await loadFailedRuns(async () => ({ items: [failedRun()], nextCursor: `c${++calls}` }), 2);
    expect(calls).toBe(2);
    expect(result).toMatchObject({ truncated: true, runs: [expect.anything(), expect.anything()] });
  });
});
