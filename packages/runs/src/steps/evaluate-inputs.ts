import { evaluate, type TRunContext } from "@storeflow/engine";

/** Evaluates a step's named expressions (an action's input, a notify's data) against the run. */
export async function evaluateInputs(inputs: Record<string, string>, context: TRunContext): Promise<Record<string, unknown>> {
  const entries = await Promise.all(Object.entries(inputs).map(async ([name, expression]) => [name, await evaluate(expression, context)] as const));
  return Object.fromEntries(entries);
}
