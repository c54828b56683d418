import { evaluate, NonRetryableError, type TStep } from "@storeflow/engine";
import { stepIdempotencyKey } from "../step-job";
import { runApproval } from "./approval";
import { runClassify } from "./classify";
import { runEmit } from "./emit";
import { evaluateInputs } from "./evaluate-inputs";
import { runForEach } from "./for-each";
import { runNotify } from "./notify";
import { type TStepEnv, type TStepRun } from "./step-run";
import { runWaitForEvent } from "./wait-for-event";

async function runAction(step: Extract<TStep, { kind: "action" }>, { actions, job, context, signal }: TStepEnv): Promise<TStepRun> {
  const handler = actions.resolve(step.connection, step.operation);
  if (!handler) throw new NonRetryableError(`no connector provides ${step.connection}.${step.operation}`);
  const input = await evaluateInputs(step.input, context);
  const output = await handler({
    connection: step.connection,
    operation: step.operation,
    input,
    idempotencyKey: stepIdempotencyKey(job),
    run: { id: job.runId, partnerId: job.partnerId, clientId: job.clientId },
    signal,
  });
  return { kind: "done", output: output ?? null, input };
}

async function runWait(step: Extract<TStep, { kind: "wait" }>, { context }: TStepEnv): Promise<TStepRun> {
  const until = step.until === undefined ? Date.now() + step.durationMs! : Date.parse(String(await evaluate(step.until, context)));
  if (Number.isNaN(until)) throw new NonRetryableError(`step "${step.key}": "until" is not a time`);
  return { kind: "done", output: { resumeAt: new Date(until).toISOString() }, delayNextMs: Math.max(0, until - Date.now()) };
}

/** Does one attempt of a step's work; throwing fails the attempt (see classifyError). */
export async function runStep(step: TStep, env: TStepEnv): Promise<TStepRun> {
  switch (step.kind) {
    case "transform":
      return { kind: "done", output: (await evaluate(step.expression, env.context)) ?? null };
    case "branch":
      return { kind: "done", output: null };
    case "wait":
      return runWait(step, env);
    case "action":
      return runAction(step, env);
    case "approval":
      return runApproval(step, env);
    case "waitForEvent":
      return runWaitForEvent(step, env);
    case "emit":
      return runEmit(step, env);
    case "forEach":
      return runForEach(step, env);
    case "notify":
      return runNotify(step, env);
    case "ai.classify":
      return runClassify(step, env);
  }
}
