import { ZWorkflowDefinition } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { definitionGraph } from "./get-run-graph";

const definition = ZWorkflowDefinition.parse({
  key: "returns.refund",
  version: "1.0.0",
  start: "classify",
  steps: [
    { key: "classify", kind: "transform", expression: "$", next: "route" },
    { key: "route", kind: "branch", cases: [{ when: "total > 100", next: "approve" }], otherwise: "lines" },
    { key: "approve", kind: "approval", title: "Approve refund", assignees: { roles: ["partner_operator"] }, expiresInMs: 60_000, next: "lines", onReject: "notify" },
    { key: "lines", kind: "forEach", items: "lines", maxItems: 10, body: "restock", next: "notify" },
    { key: "restock", kind: "transform", expression: "item", next: "log" },
    { key: "log", kind: "transform", expression: "item" },
    { key: "notify", kind: "emit", workflow: "returns.notify", input: { id: "id" } },
  ],
});

describe("definitionGraph", () => {
  const graph = definitionGraph(definition);

  it("names the start and every step, with forEach bodies and emit targets", () => {
    expect(graph.start).toBe("classify");
    expect(graph.nodes.map((n) => [n.key, n.forEach, n.emits])).toEqual([
      ["classify", null, null],
      ["route", null, null],
      ["approve", null, null],
      ["lines", null, null],
      ["restock", "lines", null],
      ["log", "lines", null],
      ["notify", null, "returns.notify"],
    ]);
  });

  it("labels branch cases, the otherwise edge, rejections and the loop's edges", () => {
    const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);
    expect(edge("route", "approve")).toMatchObject({ kind: "case", label: "case 1" });
    expect(edge("route", "lines")).toMatchObject({ kind: "otherwise", label: "otherwise" });
    expect(edge("approve", "notify")).toMatchObject({ kind: "onReject", label: "rejected" });
    expect(edge("lines", "restock")).toMatchObject({ kind: "body", label: "each item" });
    expect(edge("lines", "notify")).toMatchObject({ kind: "next", label: "after all items" });
    expect(edge("classify", "route")).toMatchObject({ kind: "next", label: null });
  });

  it("carries no expressions or step configuration", () => {
    expect(JSON.stringify(graph)).not.toContain("total > 100");
    expect(JSON.stringify(graph)).not.toContain("partner_operator");
  });
});
