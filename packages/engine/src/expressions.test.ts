import { describe, expect, it } from "vitest";
import { ExpressionError, NonRetryableError } from "./errors";
import { evaluate, type TRunContext } from "./expressions";

const context: TRunContext = {
  input: { sku: "SKU-1", lines: [{ qty: 2 }, { qty: 3 }] },
  steps: { lookup: { output: { qty: 7 } } },
  run: { id: "run-1", clientId: "client-1" },
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("evaluate", () => {
  it("reads the run's input, step outputs and run", async () => {
    expect(await evaluate("input.sku", context)).toBe("SKU-1");
    expect(await evaluate("steps.lookup.output.qty + $sum(input.lines.qty)", context)).toBe(12);
    expect(await evaluate("run.clientId", context)).toBe("client-1");
  });

  it("reads the forEach item and index when there is one", async () => {
    expect(await evaluate("$exists(item)", context)).toBe(false);
    expect(await evaluate("item.qty * index", { ...context, item: { qty: 4 }, index: 2 })).toBe(8);
  });

  it("gives the same answer from a cached compilation", async () => {
    expect(await evaluate("input.sku & '-' & run.id", context)).toBe("SKU-1-run-1");
    expect(await evaluate("input.sku & '-' & run.id", { ...context, input: { sku: "SKU-2" } })).toBe("SKU-2-run-1");
  });

  it("rejects an expression that does not compile with a non-retryable ExpressionError", async () => {
    const error = await rejection(evaluate("input.(sku", context));
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as ExpressionError).expression).toBe("input.(sku");
    expect((error as Error).message).toMatch(/^expression "input\.\(sku" failed: .*position/);
  });

  it("rejects an evaluation error with an ExpressionError", async () => {
    const error = await rejection(evaluate('$number("ten")', context));
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toContain("Unable to cast value to a number");
  });

  it("fails with the author's own words when the expression calls $error", async () => {
    const error = await rejection(evaluate('$error("SKU " & input.sku & " is short by " & $string(steps.lookup.output.qty))', context));
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toBe("SKU SKU-1 is short by 7");
  });

  it("stops runaway recursion instead of holding the worker", async () => {
    const error = await rejection(evaluate("($f := function($n) { $n + $f($n + 1) }; $f(0))", context));
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toContain("Stack overflow");
  });
});
