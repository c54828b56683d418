import { DefinitionError, NonRetryableError, type TStep } from "@storeflow/engine";
import { startRun } from "../start-run";
import { stepIdempotencyKey } from "../step-job";
import { evaluateInputs } from "./evaluate-inputs";
import { type TStepEnv, type TStepRun } from "./step-run";

type TEmitStep = Extract<TStep, { kind: "emit" }>;

/**
 * Starts the client's installed workflow as a child run. The child's
 * idempotency key derives from this step's, so an attempt repeated after a
 * crash finds the child it started instead of starting another.
 */
export async function runEmit(step: TEmitStep, { store, publisher, workflows, job, context, checkAfterMs }: TStepEnv): Promise<TStepRun> {
  const input = await evaluateInputs(step.input, context);
  const installed = await workflows?.resolve(job.partnerId, job.clientId, step.workflow);
  if (!installed) throw new NonRetryableError(`no workflow "${step.workflow}" is installed for this client`);
  const key = stepIdempotencyKey(job);
  try {
    const child = await startRun({
      store,
      publisher,
      scope: { partnerId: job.partnerId, clientId: job.clientId },
      definition: installed.definition,
      bindings: installed.bindings,
      input,
      idempotencyKey: `emit:${key}`,
      trigger: { kind: "event", ref: key, parentRunId: job.runId },
      installationId: installed.installationId ?? null,
      checkAfterMs,
    });
    return { kind: "done", output: { runId: child.runId }, input };
  } catch (error) {
    if (error instanceof DefinitionError) throw new NonRetryableError(`workflow "${step.workflow}" cannot start: ${error.message}`, { cause: error });
    throw error;
  }
}
