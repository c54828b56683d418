import { type AppRouter } from "@storeflow/api";
import { TRPCClientError } from "@trpc/client";
import { messageOf } from "@/trpc/errors";

/** A server error split into messages for the form's fields and the rest, for the form's alert. */
export interface TPlacedIssues {
  /** `[field name, message]`, the name as the form registers it (`config.shopDomain`, `name`). */
  fields: [string, string][];
  /** Messages no rendered field can show; empty when every issue found its field. */
  unplaced: string[];
}

/**
 * Places a tRPC error's issues on form fields. Connection settings come back under
 * `["config", key, …]` and `["secrets", key, …]`; deeper parts of a path (inside a JSON
 * field) are kept in front of the message so it still says where the problem is.
 * `fieldNames` are the fields on screen: an issue for any other goes to the alert.
 */
export function placeIssues(error: unknown, fieldNames: ReadonlySet<string>): TPlacedIssues {
  const issues = error instanceof TRPCClientError ? ((error as TRPCClientError<AppRouter>).data?.issues ?? []) : [];
  if (issues.length === 0) return { fields: [], unplaced: [messageOf(error)] };
  const placed: TPlacedIssues = { fields: [], unplaced: [] };
  for (const { path, message } of issues) {
    const depth = (path[0] === "config" || path[0] === "secrets") && path.length > 1 ? 2 : 1;
    const name = path.slice(0, depth).join(".");
    const rest = path.slice(depth).join(".");
    const text = rest ? `${rest}: ${message}` : message;
    if (fieldNames.has(name)) placed.fields.push([name, text]);
    else placed.unplaced.push(name ? `${name}: ${text}` : text);
  }
  return placed;
}

/** The form-level message for a failed save: what no field shows, or a pointer to the fields. */
export function formMessageOf({ fields, unplaced }: TPlacedIssues): string | null {
  if (unplaced.length > 0) return unplaced.join(" ");
  return fields.length > 0 ? "Check the highlighted fields" : null;
}
