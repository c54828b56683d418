import { invalidParam } from "./errors";
import { type TParamValue } from "./form";
import { type StripeObjects } from "./store";

/** The `expand[]` paths of a request. */
export function expandPaths(value: TParamValue | undefined): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw invalidParam("expand", "Invalid array", "parameter_invalid_array");
  return value as string[];
}

/**
 * Replaces id strings at `paths` (`customer`, `data.latest_invoice`,
 * `items.data.price.product`) with the objects they name, on a deep copy.
 * Stripe allows four levels; a path through a non-expandable field is a 400.
 */
export function expandObject(body: unknown, paths: string[], objects: StripeObjects, account: string | null): unknown {
  if (paths.length === 0) return body;
  const copy = structuredClone(body);
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > 4) throw invalidParam("expand", `You cannot expand more than 4 levels of a property. Property: ${path}`, "parameter_invalid_string");
    expandAt(copy, segments, objects, account, path);
  }
  return copy;
}

function expandAt(node: unknown, segments: string[], objects: StripeObjects, account: string | null, path: string): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) expandAt(item, segments, objects, account, path);
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const record = node as Record<string, unknown>;
  // Includable fields (a price's `tiers`) are absent where they do not apply; Stripe then returns the object as is.
  if (!(head in record)) return;
  let value = record[head];
  if (typeof value === "string") {
    const found = objects.get(account, value);
    if (!found) throw invalidParam("expand", `This property cannot be expanded (${path}).`, "parameter_invalid_string");
    value = record[head] = structuredClone(found);
  }
  if (rest.length > 0) expandAt(value, rest, objects, account, path);
}
