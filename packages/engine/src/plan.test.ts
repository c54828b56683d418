import { describe, expect, it } from "vitest";
import { returnsWorkflow } from "../test/returns-workflow";
import { NonRetryableError } from "./errors";
import { type TRunContext } from "./expressions";
import { decideNext, stepByKey } from "./plan";
import { assertValidDefinition } from "./validate-definition";

const definition = assertValidDefinition(returnsWorkflow());
const run = { id: "run-1", clientId: "client-1" };
const middle = () => 0.5;

function afterPolicy(output: { eligible: boolean; amount: number }): TRunContext {
  return { input: {}, steps: { checkPolicy: { output }, route: { output: null } }, run };
}

function failure(stepKey: string, { retryable = true, attempt = 1, retryAfterMs }: { retryable?: boolean; attempt?: number; retryAfterMs?: number } = {}) {
  const error = { message: "POS answered 503", retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  return decideNext({ definition, stepKey, outcome: { status: "failed", error, attempt }, context: { input: {}, steps: {}, run }, random: middle });
}

function withOnError(onError: object) {
  const input = returnsWorkflow() as { steps: Record<string, unknown>[] };
  input.steps[3] = { ...input.steps[3], onError };
  return assertValidDefinition(input);
}

describe("decideNext after success", () => {
  it("goes to the step's next, and completes at a step without one", async () => {
    const succeeded = { status: "succeeded", output: { refundId: "r-1" } } as const;
    expect(await decideNext({ definition, stepKey: "refund", outcome: succeeded, context: afterPolicy({ eligible: true, amount: 5 }) })).toEqual({
      kind: "step",
      stepKey: "notifyRefunded",
    });
    expect(await decideNext({ definition, stepKey: "notifyRefunded", outcome: succeeded, context: afterPolicy({ eligible: true, amount: 5 }) })).toEqual({
      kind: "complete",
    });
  });

  it("takes the first branch case that holds, else otherwise", async () => {
    const route = (output: { eligible: boolean; amount: number }) =>
      decideNext({ definition, stepKey: "route", outcome: { status: "succeeded", output: null }, context: afterPolicy(output) });
    expect(await route({ eligible: false, amount: 500 })).toEqual({ kind: "step", stepKey: "notifyRejected" });
    expect(await route({ eligible: true, amount: 500 })).toEqual({ kind: "step", stepKey: "approve" });
    expect(await route({ eligible: true, amount: 50 })).toEqual({ kind: "step", stepKey: "refund" });
  });

  it("completes when no case holds and there is no otherwise, judging truth as JSONata does", async () => {
    const gate = assertValidDefinition({
      key: "gate",
      version: "1.0.0",
      start: "route",
      steps: [
        { key: "route", kind: "branch", cases: [{ when: "input.rush", next: "ship" }] },
        { key: "ship", kind: "transform", expression: "1" },
      ],
    });
    const route = (rush: unknown) => decideNext({ definition: gate, stepKey: "route", outcome: { status: "succeeded", output: null }, context: { input: { rush }, steps: {}, run } });
    expect(await route([])).toEqual({ kind: "complete" });
    expect(await route({})).toEqual({ kind: "complete" });
    expect(await route([0, ""])).toEqual({ kind: "complete" });
    expect(await route([0, "yes"])).toEqual({ kind: "step", stepKey: "ship" });
    expect(await route({ by: "noon" })).toEqual({ kind: "step", stepKey: "ship" });
  });
});

describe("decideNext after failure", () => {
  it("retries a retryable error while the step's policy allows", async () => {
    expect(await failure("refund", { attempt: 1 })).toEqual({ kind: "retry", delayMs: 1000 });
    expect(await failure("refund", { attempt: 4 })).toEqual({ kind: "retry", delayMs: 8000 });
    expect(await failure("refund", { attempt: 1, retryAfterMs: 45_000 })).toEqual({ kind: "retry", delayMs: 45_000 });
  });

  it("uses the default policy when the step declares none", async () => {
    expect(await failure("checkPolicy", { attempt: 2 })).toEqual({ kind: "retry", delayMs: 2000 });
    expect(await failure("checkPolicy", { attempt: 3 })).toEqual({ kind: "fail", reason: 'step "checkPolicy" failed after 3 attempts: POS answered 503', exception: false });
  });

  it("fails at once on a non-retryable error", async () => {
    expect(await failure("checkPolicy", { retryable: false })).toEqual({ kind: "fail", reason: 'step "checkPolicy" failed: POS answered 503', exception: false });
  });

  it("parks the run as an exception when the step says so", async () => {
    expect(await failure("refund", { attempt: 5 })).toEqual({ kind: "fail", reason: 'step "refund" failed after 5 attempts: POS answered 503', exception: true });
  });

  it("continues with the error as output, to onError.next or else next", async () => {
    const toNext = withOnError({ action: "continue" });
    const toOther = withOnError({ action: "continue", next: "notifyRejected" });
    const outcome = { status: "failed", error: { message: "declined", retryable: false }, attempt: 1 } as const;
    const context = afterPolicy({ eligible: true, amount: 5 });
    expect(await decideNext({ definition: toNext, stepKey: "refund", outcome, context })).toEqual({ kind: "step", stepKey: "notifyRefunded", output: { error: "declined" } });
    expect(await decideNext({ definition: toOther, stepKey: "refund", outcome, context })).toEqual({ kind: "step", stepKey: "notifyRejected", output: { error: "declined" } });
  });

  it("jumps to the compensation step", async () => {
    const compensating = withOnError({ action: "compensate", next: "notifyRejected" });
    const outcome = { status: "failed", error: { message: "declined", retryable: false }, attempt: 1 } as const;
    expect(await decideNext({ definition: compensating, stepKey: "refund", outcome, context: afterPolicy({ eligible: true, amount: 5 }) })).toEqual({
      kind: "step",
      stepKey: "notifyRejected",
      output: { error: "declined" },
    });
  });

  it("refuses a step the definition does not have", async () => {
    await expect(failure("missing")).rejects.toBeInstanceOf(NonRetryableError);
  });
});

describe("stepByKey", () => {
  it("finds steps by key and answers undefined for others", () => {
    expect(stepByKey(definition, "approve")?.kind).toBe("approval");
    expect(stepByKey(definition, "nope")).toBeUndefined();
  });
});
