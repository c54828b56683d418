import jsonata from "jsonata";
import { ExpressionError } from "./errors";

/** What an expression can read: `input.sku`, `steps.lookup.output.qty`, and `item` and `index` inside a forEach body. */
export interface TRunContext {
  input: unknown;
  steps: Record<string, { output: unknown }>;
  run: { id: string; clientId: string };
  item?: unknown;
  index?: number;
}

const MAX_CACHED_EXPRESSIONS = 1000;

/*
 * Authors write the expressions, so evaluation is bounded: a runaway recursion
 * or an endless tail call must fail the step, not hold a worker forever.
 */
const GUARDRAILS = { timeout: 1000, stack: 500 };

// Insertion order doubles as recency: a hit is moved to the end, the first entry is the oldest.
const compiled = new Map<string, jsonata.Expression>();

function compile(expression: string): jsonata.Expression {
  const cached = compiled.get(expression);
  if (cached) {
    compiled.delete(expression);
    compiled.set(expression, cached);
    return cached;
  }
  const fresh = jsonata(expression, GUARDRAILS);
  if (compiled.size >= MAX_CACHED_EXPRESSIONS) compiled.delete(compiled.keys().next().value as string);
  compiled.set(expression, fresh);
  return fresh;
}

/** jsonata throws plain objects `{ code, message, position }`, not Errors. */
export function describeJsonataError(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const { message, position } = error as { message?: unknown; position?: unknown };
  const text = typeof message === "string" ? message : String(error);
  return typeof position === "number" ? `${text} (at position ${position})` : text;
}

const RAISED_BY_ERROR_FUNCTION = "D3137";

function isRaisedByAuthor(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === RAISED_BY_ERROR_FUNCTION && typeof (error as { message?: unknown }).message === "string";
}

/** Evaluates a JSONata expression against a run. Any failure is an {@link ExpressionError}: retrying cannot fix it. */
export async function evaluate(expression: string, context: TRunContext): Promise<unknown> {
  try {
    return await compile(expression).evaluate(context);
  } catch (error) {
    // $error("…") is the author failing the step on purpose: their words are the reason.
    if (isRaisedByAuthor(error)) throw new ExpressionError((error as { message: string }).message, { expression, cause: error });
    throw new ExpressionError(`expression ${JSON.stringify(expression)} failed: ${describeJsonataError(error)}`, { expression, cause: error });
  }
}
