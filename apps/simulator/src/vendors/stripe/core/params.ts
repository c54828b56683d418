import { invalidParam } from "./errors";
import { type TParams, type TParamValue } from "./form";

/** A string parameter; `required` answers Stripe's "Missing required param" when absent. */
export function stringParam(params: TParams, name: string, options: { required: true; enum?: readonly string[] }): string;
export function stringParam(params: TParams, name: string, options?: { required?: false; enum?: readonly string[] }): string | undefined;
export function stringParam(params: TParams, name: string, { required = false, enum: allowed }: { required?: boolean; enum?: readonly string[] } = {}): string | undefined {
  const value = params[name];
  if (value === undefined || value === "") {
    if (required) throw invalidParam(name, `Missing required param: ${name}.`, "parameter_missing");
    return undefined;
  }
  if (typeof value !== "string") throw invalidParam(name, `Invalid string: ${name}`, "parameter_invalid_string");
  if (allowed && !allowed.includes(value)) throw invalidParam(name, `Invalid ${name}: must be one of ${allowed.join(", ")}`, "parameter_invalid_string");
  return value;
}

/** A non-negative integer parameter (amounts in the smallest currency unit, quantities, timestamps). */
export function intParam(params: TParams, name: string, options: { required?: boolean } = {}): number | undefined {
  const value = stringParam(params, name, { required: options.required as false });
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw invalidParam(name, `Invalid integer: ${value}`, "parameter_invalid_integer");
  return number;
}

export function boolParam(params: TParams, name: string): boolean | undefined {
  const value = stringParam(params, name);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") throw invalidParam(name, `Invalid boolean: ${value}`, "parameter_invalid_boolean");
  return value === "true";
}

/** A nested hash parameter (`recurring[interval]=month`), or undefined. */
export function hashParam(params: TParams, name: string): TParams | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(name, `Invalid object: ${name}`, "parameter_invalid_object");
  return value;
}

/** An array-of-hashes parameter (`line_items[0][price]=…`). */
export function arrayParam(params: TParams, name: string): TParamValue[] {
  const value = params[name];
  if (value === undefined || value === "") return [];
  if (!Array.isArray(value)) throw invalidParam(name, `Invalid array: ${name}`, "parameter_invalid_array");
  return value;
}

/**
 * Stripe's metadata semantics: keys merge into the existing metadata, and a key
 * set to the empty string is removed.
 */
export function mergeMetadata(existing: Record<string, string>, params: TParams): Record<string, string> {
  const patch = params.metadata;
  if (patch === undefined) return existing;
  if (patch === "") return {};
  if (typeof patch !== "object" || Array.isArray(patch)) throw invalidParam("metadata", "Invalid object: metadata", "parameter_invalid_object");
  const merged = { ...existing };
  for (const [key, value] of Object.entries(patch)) {
    if (typeof value !== "string") throw invalidParam(`metadata[${key}]`, "Metadata values must be strings", "parameter_invalid_string");
    if (value === "") delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
