import { evaluate, NonRetryableError, type TStep } from "@storeflow/engine";
import { stepIdempotencyKey } from "../step-job";
import { evaluateInputs } from "./evaluate-inputs";
import { type TStepEnv, type TStepRun } from "./step-run";

type TNotifyStep = Extract<TStep, { kind: "notify" }>;

/**
 * Sends through the action registry as operation `notify.<channel>` on the
 * step's connection, or, when it names none, on the connection named like the
 * channel (the platform's own email sender, say). The far end gets the step's
 * idempotency key, so a repeated attempt sends once.
 */
export async function runNotify(step: TNotifyStep, { actions, job, context, signal }: TStepEnv): Promise<TStepRun> {
  const connection = step.connection ?? step.channel;
  const operation = `notify.${step.channel}`;
  const handler = actions.resolve(connection, operation);
  if (!handler) throw new NonRetryableError(`no connector provides ${connection}.${operation}`);
  const data = await evaluateInputs(step.data, context);
  const to = step.to === undefined ? undefined : await evaluate(step.to, context);
  const input = { template: step.template, data, ...(to !== undefined ? { to } : {}) };
  const output = await handler({
    connection,
    operation,
    input,
    idempotencyKey: stepIdempotencyKey(job),
    run: { id: job.runId, partnerId: job.partnerId, clientId: job.clientId },
    signal,
  });
  return { kind: "done", output: output ?? null, input };
}
