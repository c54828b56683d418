import { type AppRouter } from "@storeflow/api";
import { TRPCClientError } from "@trpc/client";
import { messageOf } from "../../trpc/errors";

/** One field problem as the API reports it (`error.data.issues`, a bulk result's `issues`). */
export interface TFieldIssue {
  path: readonly (string | number)[];
  message: string;
}

/** A server error split into messages for the form's fields and the rest, for the form's alert. */
export interface TPlacedIssues {
  /** `[field name, message]`, the name as the form registers it (`config.shopDomain`, `params.threshold`, `name`). */
  fields: [string, string][];
  /** Messages no rendered field can show; empty when every issue found its field. */
  unplaced: string[];
}

/** The field issues a tRPC error carries; empty for any other error. */
export function issuesOf(error: unknown): TFieldIssue[] {
  return error instanceof TRPCClientError ? ((error as TRPCClientError<AppRouter>).data?.issues ?? []) : [];
}

/**
 * Places issues on form fields: each goes to the longest start of its path that is a
 * field on screen (`fieldNames`), so `["config", "shopDomain"]` lands on
 * `config.shopDomain` and `["params", "stores", "0", "name"]` on the JSON field
 * `params.stores`. The rest of a path (inside a JSON field) is kept in front of the
 * message so it still says where the problem is. An issue no field matches goes to the
 * alert, with its whole path. Fields come in the order of `fieldNames` (a Set keeps
 * the order it was built in: build it in screen order), so the first is the one to focus.
 */
export function placeFieldIssues(issues: readonly TFieldIssue[], fieldNames: ReadonlySet<string>): TPlacedIssues {
  const placed: TPlacedIssues = { fields: [], unplaced: [] };
  for (const { path, message } of issues) {
    const parts = path.map(String);
    let depth = parts.length;
    while (depth > 0 && !fieldNames.has(parts.slice(0, depth).join("."))) depth--;
    const rest = parts.slice(depth).join(".");
    const text = rest ? `${rest}: ${message}` : message;
    if (depth === 0) {
      placed.unplaced.push(text);
      continue;
    }
    const name = parts.slice(0, depth).join(".");
    // A field shows one message: two issues on it (two rows of a JSON list) are read together.
    const same = placed.fields.find(([field]) => field === name);
    if (same) same[1] = `${same[1]} ${text}`;
    else placed.fields.push([name, text]);
  }
  const order = [...fieldNames];
  placed.fields.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return placed;
}

/** Places a tRPC error's issues on form fields (see {@link placeFieldIssues}); an error without issues is one message for the alert. */
export function placeIssues(error: unknown, fieldNames: ReadonlySet<string>): TPlacedIssues {
  const issues = issuesOf(error);
  if (issues.length === 0) return { fields: [], unplaced: [messageOf(error)] };
  return placeFieldIssues(issues, fieldNames);
}

/** The form-level message for a failed save: what no field shows, or a pointer to the fields. */
export function formMessageOf({ fields, unplaced }: TPlacedIssues): string | null {
  if (unplaced.length > 0) return unplaced.join(" ");
  return fields.length > 0 ? "Check the highlighted fields" : null;
}
