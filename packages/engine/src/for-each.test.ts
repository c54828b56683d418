import { describe, expect, it } from "vitest";
import { enclosingForEach, forEachBody, itemEndStep } from "./for-each";
import { assertValidDefinition } from "./validate-definition";

const definition = assertValidDefinition({
  key: "test.lines",
  version: "1.0.0",
  start: "lines",
  steps: [
    { key: "lines", kind: "forEach", items: "input.lines", maxItems: 100, body: "check", next: "done" },
    { key: "check", kind: "branch", cases: [{ when: "item.qty > 1", next: "bulk" }], otherwise: "single" },
    { key: "bulk", kind: "transform", expression: "'bulk'", next: "single" },
    { key: "single", kind: "transform", expression: "'single'" },
    { key: "done", kind: "transform", expression: "steps.lines.output" },
  ],
});

describe("forEach bodies", () => {
  it("knows which forEach a step's item sequence belongs to", () => {
    expect([...forEachBody(definition, "lines")].sort()).toEqual(["bulk", "check", "single"]);
    expect(enclosingForEach(definition, "bulk")?.key).toBe("lines");
    expect(enclosingForEach(definition, "lines")).toBeUndefined();
    expect(enclosingForEach(definition, "done")).toBeUndefined();
  });

  it("finds the step that ended an item from the path it ran, not from finishing order", () => {
    expect(itemEndStep(definition, ["check", "single"])).toBe("single");
    expect(itemEndStep(definition, ["check", "bulk", "single"])).toBe("single");
    // Finished within the same millisecond and listed out of order: the path still decides.
    expect(itemEndStep(definition, ["single", "check", "bulk"])).toBe("single");
    expect(itemEndStep(definition, [])).toBeUndefined();
  });
});
