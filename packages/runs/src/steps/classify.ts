import { evaluate, NonRetryableError, type TStep } from "@storeflow/engine";
import { stepIdempotencyKey } from "../step-job";
import { type TStepEnv, type TStepRun } from "./step-run";

type TClassifyStep = Extract<TStep, { kind: "ai.classify" }>;

/**
 * Asks the classifier for a label. An answer at or above the step's
 * confidence threshold goes on to `next`; below it (or a label the step does
 * not know) goes to `onLowConfidence`, a person, instead of acting. Either
 * way the answer, its rationale and what was asked are the step's record.
 */
export async function runClassify(step: TClassifyStep, { classifier, job, context, signal }: TStepEnv): Promise<TStepRun> {
  if (!classifier) throw new NonRetryableError("no classifier is configured for ai.classify steps");
  const input = await evaluate(step.input, context);
  const answer = await classifier.classify({
    run: { id: job.runId, partnerId: job.partnerId, clientId: job.clientId },
    input,
    labels: step.labels,
    rules: step.rules,
    idempotencyKey: stepIdempotencyKey(job),
    signal,
  });
  const known = step.labels.includes(answer.label);
  const accepted = known && answer.confidence >= step.minConfidence;
  const output = {
    ...answer,
    rationale: known ? answer.rationale : `answered "${answer.label}", which is not one of the labels: ${answer.rationale}`,
    confidence: known ? answer.confidence : 0,
    minConfidence: step.minConfidence,
    accepted,
  };
  const recorded = { input, labels: [...step.labels] };
  return accepted || !step.onLowConfidence ? { kind: "done", output, input: recorded } : { kind: "done", output, input: recorded, next: step.onLowConfidence };
}
