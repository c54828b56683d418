import { NonRetryableError } from "@storeflow/engine";
import { type z } from "zod";
import { type TActionContext, type TConnector } from "./connector";

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

export interface InvokeActionOptions<TConfig, TSecrets> extends TActionContext<TConfig, TSecrets> {
  operation: string;
  input: unknown;
}

/**
 * Runs one action of `connector` with its input and output checked against the
 * action's schemas. A bad input is the workflow's fault and would fail the same
 * way on every attempt, so it is non-retryable and names each field; an output
 * that does not match means the far end changed shape, also not worth repeating.
 */
export async function invokeAction<TConfig, TSecrets>(connector: TConnector<TConfig, TSecrets>, options: InvokeActionOptions<TConfig, TSecrets>): Promise<unknown> {
  const { operation, input, ...context } = options;
  const action = Object.hasOwn(connector.actions, operation) ? connector.actions[operation] : undefined;
  if (!action) throw new NonRetryableError(`${connector.name} has no action "${operation}"; it has ${Object.keys(connector.actions).join(", ")}`);
  const parsedInput = action.input.safeParse(input);
  if (!parsedInput.success) throw new NonRetryableError(`${connector.name} ${operation}: invalid input: ${describeIssues(parsedInput.error)}`);
  const output = await action.run(context, parsedInput.data);
  const parsedOutput = action.output.safeParse(output);
  if (!parsedOutput.success) throw new NonRetryableError(`${connector.name} ${operation}: unexpected response: ${describeIssues(parsedOutput.error)}`);
  return parsedOutput.data;
}
