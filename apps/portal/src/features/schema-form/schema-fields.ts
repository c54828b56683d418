import { z } from "zod";

type TJsonSchema = Record<string, unknown>;

/** A form's value for one field: text as typed (numbers and JSON too), or a checkbox's state. */
export type TFieldValue = string | boolean;

/** How one property of an object schema (a connector's settings or secrets, a template's parameters) is edited. */
export type TSchemaField = {
  key: string;
  label: string;
  description: string | undefined;
  required: boolean;
  /** Prefilled from the schema's `default`; always "" for secrets, which are never prefilled. */
  defaultValue: TFieldValue;
} & (
  | {
      kind: "text";
      inputType: "text" | "url" | "email";
      pattern: string | undefined;
      maxLength: number | undefined;
      /** Long or multi-line text (a message body): a textarea, which keeps line breaks an input would drop. */
      multiline: boolean;
    }
  | { kind: "secret" }
  | { kind: "select"; options: string[] }
  | { kind: "checkbox" }
  | { kind: "number"; integer: boolean; min: number | undefined; max: number | undefined }
  | {
      kind: "json";
      /** What the JSON must be at its top: the schema's array or object, or anything (a union). */
      shape: "array" | "object" | "any";
      /** A skeleton of the expected JSON (an array of objects, a record), shown while the field is empty. */
      example: string | undefined;
    }
);

/** Text longer than this, or with a line break in its default, is edited in a textarea. */
const MULTILINE_OVER = 255;

const ACRONYMS: Record<string, string> = { api: "API", id: "ID", url: "URL", uri: "URI", tls: "TLS", smtp: "SMTP", http: "HTTP", oauth: "OAuth" };
const INPUT_TYPE_OF_FORMAT: Record<string, "url" | "email"> = { uri: "url", url: "url", email: "email" };

/** "shopDomain" → "Shop domain", "baseUrl" → "Base URL": schemas carry keys, people read labels. */
export function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  return words.map((word, i) => ACRONYMS[word] ?? (i === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word)).join(" ");
}

function asSchema(value: unknown): TJsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as TJsonSchema) : {};
}

function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The one JSON type of a property (`["string", "null"]` counts as "string"), else undefined. */
function typeOf(property: TJsonSchema): string | undefined {
  const types = (Array.isArray(property.type) ? property.type : [property.type]).filter((t) => typeof t === "string" && t !== "null");
  return types.length === 1 ? (types[0] as string) : undefined;
}

/**
 * A pattern only when the browser can compile it: it reads `pattern` with the `v` flag,
 * which rejects some classes JSON Schema allows, and would log an error for each.
 */
function browserPattern(pattern: unknown): string | undefined {
  if (typeof pattern !== "string") return undefined;
  try {
    new RegExp(pattern, "v");
    return pattern;
  } catch {
    return undefined;
  }
}

function describeProperty(key: string, property: TJsonSchema, { required, secret }: { required: boolean; secret: boolean }): TSchemaField {
  const base = {
    key,
    label: typeof property.title === "string" ? property.title : labelOf(key),
    description: typeof property.description === "string" ? property.description : undefined,
    required,
  };
  // Secret values are strings by contract (the API takes a string record) and never prefilled.
  if (secret) return { ...base, kind: "secret", defaultValue: "" };
  const fallback = property.default;
  const type = typeOf(property);
  if (Array.isArray(property.enum) && property.enum.length > 0 && property.enum.every((v) => typeof v === "string")) {
    return { ...base, kind: "select", options: property.enum as string[], defaultValue: typeof fallback === "string" ? fallback : "" };
  }
  if (type === "string") {
    return {
      ...base,
      kind: "text",
      inputType: (typeof property.format === "string" && INPUT_TYPE_OF_FORMAT[property.format]) || "text",
      pattern: browserPattern(property.pattern),
      maxLength: asNumber(property.maxLength),
      multiline: (asNumber(property.maxLength) ?? 0) > MULTILINE_OVER || (typeof fallback === "string" && fallback.includes("\n")),
      defaultValue: typeof fallback === "string" ? fallback : "",
    };
  }
  if (type === "boolean") return { ...base, kind: "checkbox", defaultValue: fallback === true };
  if (type === "integer" || type === "number") {
    const integer = type === "integer";
    const exclusiveMin = asNumber(property.exclusiveMinimum);
    return {
      ...base,
      kind: "number",
      integer,
      min: asNumber(property.minimum) ?? (integer && exclusiveMin !== undefined ? exclusiveMin + 1 : undefined),
      max: asNumber(property.maximum),
      defaultValue: typeof fallback === "number" ? String(fallback) : "",
    };
  }
  return { ...base, kind: "json", shape: type === "array" || type === "object" ? type : "any", example: exampleOf(property), defaultValue: fallback === undefined ? "" : JSON.stringify(fallback, null, 2) };
}

/** A placeholder value for one property of an example object: what its type looks like. */
function sampleOf(property: TJsonSchema): unknown {
  if (property.default !== undefined) return property.default;
  if (Array.isArray(property.enum) && property.enum.length > 0) return property.enum[0];
  switch (typeOf(property)) {
    case "string":
      return "";
    case "number":
    case "integer":
      return asNumber(property.minimum) ?? 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

function exampleObjectOf(schema: TJsonSchema): Record<string, unknown> | undefined {
  const properties = asSchema(schema.properties);
  if (typeOf(schema) !== "object" || Object.keys(properties).length === 0) return undefined;
  return Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, sampleOf(asSchema(property))]));
}

/**
 * A skeleton for the JSON fields people meet in templates, an array of objects
 * (`[{ "name": "" }]`) or a record of them (`{ "KEY": { … } }`), so nobody has to
 * guess the property names; undefined for anything else.
 */
function exampleOf(property: TJsonSchema): string | undefined {
  const type = typeOf(property);
  if (type === "array") {
    const item = exampleObjectOf(asSchema(property.items));
    return item ? JSON.stringify([item], null, 2) : undefined;
  }
  if (type === "object" && typeof property.additionalProperties === "object") {
    const value = exampleObjectOf(asSchema(property.additionalProperties));
    return value ? JSON.stringify({ KEY: value }, null, 2) : undefined;
  }
  return undefined;
}

/** The fields of an object schema from `z.toJSONSchema`, in the schema's order. */
export function describeSchemaFields(schema: Record<string, unknown>, { secret }: { secret: boolean }): TSchemaField[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === "string") : []);
  return Object.entries(asSchema(schema.properties)).map(([key, property]) => describeProperty(key, asSchema(property), { required: required.has(key), secret }));
}

export function defaultValuesOf(fields: TSchemaField[]): Record<string, TFieldValue> {
  return Object.fromEntries(fields.map((field) => [field.key, field.defaultValue]));
}

/** Saved values (a payload from {@link configPayloadOf}, or as the server stored them) as the form edits them; a value not saved takes the field's default. */
export function formValuesOf(fields: TSchemaField[], saved: Record<string, unknown>): Record<string, TFieldValue> {
  return Object.fromEntries(
    fields.map((field): [string, TFieldValue] => {
      const value = saved[field.key];
      if (value === undefined || value === null || field.kind === "secret") return [field.key, field.defaultValue];
      if (field.kind === "checkbox") return [field.key, value === true];
      if (field.kind === "json") return [field.key, JSON.stringify(value, null, 2)];
      return [field.key, typeof value === "string" ? value : String(value)];
    }),
  );
}

function ruleOf(field: TSchemaField): z.ZodType<TFieldValue, TFieldValue> {
  if (field.kind === "checkbox") return z.boolean();
  const requiredMessage = `${field.label} is required`;
  return z.string().superRefine((value, ctx) => {
    if (value.trim() === "") {
      if (field.required) ctx.addIssue({ code: "custom", message: requiredMessage });
      return;
    }
    if (field.kind === "number") {
      const n = Number(value);
      if (!Number.isFinite(n)) ctx.addIssue({ code: "custom", message: "Enter a number" });
      else if (field.integer && !Number.isInteger(n)) ctx.addIssue({ code: "custom", message: "Enter a whole number" });
    }
    if (field.kind === "json") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `Not valid JSON: ${error instanceof Error ? error.message : "check the syntax"}` });
        return;
      }
      if (field.shape === "array" && !Array.isArray(parsed)) ctx.addIssue({ code: "custom", message: "Write a JSON list: [ … ]" });
      if (field.shape === "object" && (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))) ctx.addIssue({ code: "custom", message: "Write a JSON object: { … }" });
    }
  });
}

/**
 * What the browser checks before sending: required fields, numbers, and JSON's syntax and
 * top-level shape (what is inside is the server's to check, and its issues name the spot).
 * Patterns and formats are left to the server, whose message is written for people and
 * whose zod schema may transform first (Shopify's domain is lower-cased before its
 * pattern applies), which the JSON Schema of the input cannot express.
 */
export function valuesSchemaOf(fields: TSchemaField[]) {
  return z.object(Object.fromEntries(fields.map((field) => [field.key, ruleOf(field)])));
}

/** Settings as the API takes them: empty optional fields left out, numbers and JSON parsed. */
export function configPayloadOf(fields: TSchemaField[], values: Record<string, TFieldValue | undefined>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.kind === "checkbox") {
      payload[field.key] = value === true;
      continue;
    }
    if (typeof value !== "string" || value.trim() === "") continue;
    payload[field.key] = field.kind === "number" ? Number(value) : field.kind === "json" ? (JSON.parse(value) as unknown) : value.trim();
  }
  return payload;
}

/** Secrets as typed (not trimmed: a password may end in a space); empty optional ones left out. */
export function secretsPayloadOf(fields: TSchemaField[], values: Record<string, TFieldValue | undefined>): Record<string, string> {
  return Object.fromEntries(
    fields.flatMap((field) => {
      const value = values[field.key];
      return typeof value === "string" && value.trim() !== "" ? [[field.key, value]] : [];
    }),
  );
}
