import { TRPCClientError } from "@trpc/client";
import { type AppRouter } from "@storeflow/api";

/** Field messages from a tRPC error's zod or domain issues, keyed by the first path segment. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const issues = (error as TRPCClientError<AppRouter>).data?.issues ?? [];
  return Object.fromEntries(issues.filter((i) => i.path.length > 0).map((i) => [i.path[0]!, i.message]));
}

export function messageOf(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message === "Invalid input" ? "Check the highlighted fields" : error.message;
  return "Something went wrong. Try again.";
}
