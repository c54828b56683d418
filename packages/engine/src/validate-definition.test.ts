import { describe, expect, it } from "vitest";
import { returnsWorkflow } from "../test/returns-workflow";
import { type TWorkflowDefinitionInput } from "./definition";
import { assertValidDefinition, DefinitionError, PLATFORM_BINDING, validateDefinition, type TDefinitionIssue } from "./validate-definition";

type TStepInput = TWorkflowDefinitionInput["steps"][number];

function workflow(steps: unknown[], start = "a"): unknown {
  return { key: "test.flow", version: "1.0.0", start, steps };
}

function transform(key: string, next?: string): TStepInput {
  return { key, kind: "transform", expression: "input", ...(next ? { next } : {}) };
}

function issuesOf(input: unknown, bindings?: readonly string[]): TDefinitionIssue[] {
  const result = validateDefinition(input, bindings ? { bindings } : {});
  if (result.ok) throw new Error("expected the definition to be rejected");
  return result.issues;
}

describe("validateDefinition", () => {
  it("accepts the returns workflow and applies defaults", () => {
    const result = validateDefinition(returnsWorkflow(), { bindings: ["pos", "email"] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const refund = result.definition.steps.find((step) => step.key === "refund");
    expect(refund?.retry).toEqual({ attempts: 5, initialDelayMs: 1000, maxDelayMs: 60_000, factor: 2, jitter: 0.2 });
    expect(result.definition.start).toBe("checkPolicy");
  });

  it("accepts every step kind, with their defaults", () => {
    const definition = assertValidDefinition(
      workflow([
        { key: "a", kind: "forEach", items: "input.lines", maxItems: 100, body: "classify", next: "wait" },
        { key: "classify", kind: "ai.classify", input: "item.note", labels: ["damaged", "unwanted"], onLowConfidence: "review", next: "emit" },
        { key: "review", kind: "approval", title: "Check label", assignees: { userIds: ["0199f5a4-7c1e-7000-8000-000000000001"] }, expiresInMs: 60_000 },
        { key: "emit", kind: "emit", workflow: "restock.line", input: { sku: "item.sku" } },
        { key: "wait", kind: "wait", until: "input.pickupAt", next: "pickup" },
        { key: "pickup", kind: "waitForEvent", event: "carrier.picked_up", correlationKey: "input.orderId", waitForMs: 7 * 86_400_000, onTimeout: "late" },
        { key: "late", kind: "wait", durationMs: 1000 },
      ]),
    );
    const [forEach, classify] = definition.steps;
    expect(forEach).toMatchObject({ kind: "forEach", concurrency: 1 });
    expect(classify).toMatchObject({ kind: "ai.classify", minConfidence: 0.8 });
  });

  it("reports an unknown step kind by name, with the valid kinds", () => {
    const input = returnsWorkflow() as { steps: unknown[] };
    input.steps[3] = { key: "refund", kind: "refnd", next: "notifyRefunded" };
    const issues = issuesOf(input);
    expect(issues).toEqual([expect.objectContaining({ code: "unknown_kind", stepKey: "refund", path: "steps[3].kind" })]);
    expect(issues[0]?.message).toMatch(/^unknown step kind "refnd"; valid kinds are action, transform, branch, .*ai\.classify$/);
    expect(() => assertValidDefinition(input)).toThrow(/^Workflow "returns" v1\.0\.0 is invalid: step "refund": unknown step kind "refnd"; valid kinds/);
  });

  it("reports a cycle with its path", () => {
    const issues = issuesOf(workflow([transform("a", "b"), transform("b", "c"), transform("c", "a")]));
    expect(issues).toEqual([expect.objectContaining({ code: "cycle", stepKey: "c", path: "steps[2].next" })]);
    expect(issues[0]?.message).toContain("a → b → c → a");
  });

  it("finds cycles through any edge kind, a step pointing at itself included", () => {
    const issues = issuesOf(
      workflow([
        { key: "a", kind: "action", connection: "pos", operation: "x", input: {}, onError: { action: "compensate", next: "undo" }, next: "b" },
        { key: "undo", kind: "transform", expression: "1", next: "a" },
        transform("b", "b"),
      ]),
    );
    expect(issues.map((issue) => [issue.code, issue.message.match(/cycle (.*);/)?.[1]])).toEqual([
      ["cycle", "a → undo → a"],
      ["cycle", "b → b"],
    ]);
  });

  it("reports a connection the installation does not bind, naming the bindings it has", () => {
    const issues = issuesOf(returnsWorkflow(), ["shopify", "email"]);
    expect(issues).toEqual([expect.objectContaining({ code: "missing_binding", stepKey: "refund", path: "steps[3].connection" })]);
    expect(issues[0]?.message).toBe('connection "pos" is not bound; available bindings are "shopify", "email"');
    expect(validateDefinition(returnsWorkflow()).ok).toBe(true);
  });

  it("accepts the platform's own binding without the installation naming it", () => {
    const steps = [{ key: "a", kind: "action", connection: PLATFORM_BINDING, operation: "kpi.anomalies", input: {} }];
    expect(validateDefinition(workflow(steps), { bindings: [] }).ok).toBe(true);
  });

  it("checks the connection of a notify step too", () => {
    const steps = [{ key: "a", kind: "notify", channel: "slack", connection: "slack", template: "t", data: {} }];
    expect(issuesOf(workflow(steps), [])[0]).toMatchObject({ code: "missing_binding", message: expect.stringContaining("no bindings") });
  });

  it("reports an expression jsonata cannot compile, with jsonata's message and position", () => {
    const input = returnsWorkflow() as { steps: { input?: Record<string, string> }[] };
    input.steps[3]!.input!.orderId = "input.(orderId";
    const issues = issuesOf(input);
    expect(issues).toEqual([expect.objectContaining({ code: "invalid_expression", stepKey: "refund", path: "steps[3].input.orderId" })]);
    expect(issues[0]?.message).toMatch(/^input\.orderId does not compile: Expected "\)" .*\(at position \d+\)$/);
  });

  it("reports references to steps that do not exist", () => {
    const steps = [
      { key: "a", kind: "branch", cases: [{ when: "true", next: "b" }], otherwise: "nowhere" },
      { key: "b", kind: "transform", expression: "1", next: "gone", onError: { action: "continue", next: "lost" } },
    ];
    const issues = issuesOf(workflow(steps));
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["dangling_reference", "steps[0].otherwise"],
      ["dangling_reference", "steps[1].next"],
      ["dangling_reference", "steps[1].onError.next"],
    ]);
    expect(issues[0]?.message).toBe('otherwise names step "nowhere", which does not exist');
  });

  it("reports a duplicate step key", () => {
    const issues = issuesOf(workflow([transform("a", "b"), transform("b"), transform("b")]));
    expect(issues).toEqual([{ code: "duplicate_step", stepKey: "b", path: "steps[2].key", message: "key is already used by steps[1]" }]);
  });

  it("reports steps that cannot be reached from the start", () => {
    const issues = issuesOf(workflow([transform("a"), transform("orphan", "a")]));
    expect(issues).toEqual([expect.objectContaining({ code: "unreachable_step", stepKey: "orphan", path: "steps[1]" })]);
  });

  it("reports a start that names no step", () => {
    expect(issuesOf(workflow([transform("a")], "begin"))).toEqual([
      { code: "bad_start", path: "start", message: 'names step "begin", which does not exist' },
    ]);
  });

  it("maps schema errors to paths inside the step", () => {
    const input = { ...(workflow([{ key: "a", kind: "wait", durationMs: 5, until: "input.at" }, { key: "b", kind: "branch", cases: [], next: "a" }]) as object), version: "1.0" };
    const issues = issuesOf(input);
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["schema", "version"],
      ["schema", "steps[0]"],
      ["schema", "steps[1].cases"],
      ["schema", "steps[1]"],
    ]);
    expect(issues[1]?.message).toBe("set exactly one of durationMs or until");
    expect(issues[3]?.message).toContain('"next"');
  });

  it("reports every issue at once, in definition order", () => {
    const steps = [
      { key: "a", kind: "action", connection: "erp", operation: "x", input: { sku: "input.sku)" }, next: "b" },
      { key: "b", kind: "sleep" },
      { key: "a", kind: "transform", expression: "1", next: "ghost" },
    ];
    const issues = issuesOf(workflow(steps), ["pos"]);
    expect(issues.map((issue) => issue.code)).toEqual(["missing_binding", "invalid_expression", "unknown_kind", "duplicate_step", "dangling_reference"]);
    const error = (() => {
      try {
        assertValidDefinition(workflow(steps), { bindings: ["pos"] });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).issues).toEqual(issues);
    expect((error as DefinitionError).message.split("; step ")).toHaveLength(5);
  });

  it("checks the expressions of an approval's details", () => {
    const steps = [{ key: "a", kind: "approval", title: "OK?", assignees: { roles: ["client_admin"] }, expiresInMs: 1000, details: { amount: "input.(amount" } }];
    expect(issuesOf(workflow(steps))).toEqual([expect.objectContaining({ code: "invalid_expression", stepKey: "a", path: "steps[0].details.amount" })]);
  });

  it("refuses forEach concurrency above 1, which the executor does not do yet", () => {
    const steps = [{ key: "a", kind: "forEach", items: "input.lines", maxItems: 10, body: "b", concurrency: 4 }, transform("b")];
    expect(issuesOf(workflow(steps))).toEqual([
      { code: "unsupported", stepKey: "a", path: "steps[0].concurrency", message: "concurrency: items run one at a time for now; leave concurrency out or set it to 1" },
    ]);
  });

  it("refuses a forEach body entered other than through its forEach, or holding another forEach", () => {
    const loop = (key: string, body: string, next?: string) => ({ key, kind: "forEach", items: "input.lines", maxItems: 10, body, ...(next ? { next } : {}) });
    // The body's last step leads on to the forEach's own next, so that step is in the body and entered twice.
    const leaky = issuesOf(workflow([loop("a", "b", "c"), transform("b", "c"), transform("c")]));
    expect(leaky).toEqual([expect.objectContaining({ code: "bad_foreach_body", stepKey: "a", path: "steps[0].next" })]);
    expect(leaky[0]?.message).toBe('next leads into the body of forEach "a" (at "c"); a body is entered only through its forEach, and its last step has no next');

    const nested = issuesOf(workflow([loop("a", "b"), loop("b", "c"), transform("c")]));
    expect(nested).toEqual([expect.objectContaining({ code: "unsupported", stepKey: "b", path: "steps[1]" })]);

    const sharedBody = issuesOf(workflow([{ key: "a", kind: "branch", cases: [{ when: "true", next: "l1" }], otherwise: "l2" }, loop("l1", "x"), loop("l2", "x"), transform("x")]));
    expect(sharedBody.map((issue) => [issue.code, issue.path])).toEqual([
      ["bad_foreach_body", "steps[1].body"],
      ["bad_foreach_body", "steps[2].body"],
    ]);
  });

  it("rejects something that is not a definition without throwing", () => {
    expect(issuesOf(null)).toEqual([expect.objectContaining({ code: "schema", path: "" })]);
    expect(() => assertValidDefinition("nope")).toThrow(/^Workflow definition is invalid: definition: /);
  });
});
