import { invalidParam } from "./errors";
import { type TParams } from "./form";
import { type TStripeObject } from "./store";

/**
 * A Stripe list object from items already filtered and sorted newest first:
 * `limit` (1–100, default 10), `starting_after` / `ending_before` cursors, `has_more`.
 */
export function listObject<T extends TStripeObject>(items: T[], params: TParams, url: string) {
  const limit = params.limit === undefined ? 10 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidParam("limit", "This value must be between 1 and 100.", "parameter_invalid_integer");
  let window = items;
  if (typeof params.starting_after === "string") {
    const index = items.findIndex((i) => i.id === params.starting_after);
    if (index < 0) throw invalidParam("starting_after", `No such object: '${params.starting_after}'`, "resource_missing");
    window = items.slice(index + 1);
  } else if (typeof params.ending_before === "string") {
    const index = items.findIndex((i) => i.id === params.ending_before);
    if (index < 0) throw invalidParam("ending_before", `No such object: '${params.ending_before}'`, "resource_missing");
    window = items.slice(Math.max(0, index - limit), index);
    return { object: "list" as const, data: window, has_more: index - limit > 0, url };
  }
  return { object: "list" as const, data: window.slice(0, limit), has_more: window.length > limit, url };
}
