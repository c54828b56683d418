import { createEnv } from "@t3-oss/env-core";
import { type z } from "zod";

/** Thrown at boot when a variable is missing or malformed; the message names each one. */
export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

type TShape = Record<string, z.ZodType>;

/**
 * Declares one package's variables and returns a memoised reader, so a package can
 * be imported (for its types, in a test) without its variables being set; they are
 * validated the first time they are read, which each app forces at start-up.
 */
export function defineEnv<TSchema extends TShape>(shape: TSchema) {
  let parsed: { [K in keyof TSchema]: z.infer<TSchema[K]> } | undefined;
  return (source: Record<string, string | undefined> = process.env) => {
    if (parsed && source === process.env) return parsed;
    const result = createEnv({
      server: shape,
      runtimeEnv: source,
      emptyStringAsUndefined: true,
      onValidationError: (issues) => {
        throw new EnvError(
          issues.map((issue) => {
            const name = issue.path?.map((p) => (typeof p === "object" ? p.key : p)).join(".") ?? "?";
            return `${name}: ${issue.message}`;
          }),
        );
      },
    }) as { [K in keyof TSchema]: z.infer<TSchema[K]> };
    if (source === process.env) parsed = result;
    return result;
  };
}

type TReader = () => Record<string, unknown>;
type TMerged<T extends TReader[]> = T extends [infer H extends TReader, ...infer R extends TReader[]] ? ReturnType<H> & TMerged<R> : unknown;

/**
 * Reads several packages' variables at once, so an app's start-up error lists
 * every problem together instead of the first package's only.
 */
export function readEnvs<T extends TReader[]>(...readers: T): TMerged<T> {
  const problems: string[] = [];
  const parts = readers.map((read) => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      problems.push(...error.problems);
      return {};
    }
  });
  if (problems.length) throw new EnvError([...new Set(problems)]);
  return Object.assign({}, ...parts) as TMerged<T>;
}
