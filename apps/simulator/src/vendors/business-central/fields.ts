import { BcError } from "./errors";
import { type TBcState } from "./state";

export type TBody = Record<string, unknown>;

/** Called after a record changes, so webhook subscribers can be told. */
export type TChangeSink = (entitySet: string, id: string, changeType: "created" | "updated" | "deleted") => void;

/** A lastModifiedDateTime later than every earlier one, even within one millisecond. */
export function nextTimestamp(state: TBcState): string {
  state.lastTimestampMs = Math.max(Date.now(), state.lastTimestampMs + 1);
  return new Date(state.lastTimestampMs).toISOString();
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function asBody(value: unknown, typeName: string): TBody {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new BcError(400, "BadRequest", `The request body for '${typeName}' must be a JSON object.`);
  return value as TBody;
}

/** Business Central refuses properties its type does not define. */
export function rejectUnknownFields(body: TBody, allowed: ReadonlySet<string>, typeName: string): void {
  for (const field of Object.keys(body)) {
    if (!allowed.has(field)) {
      throw new BcError(400, "BadRequest", `The property '${field}' does not exist on type '${typeName}'. Make sure to only use property names that are defined by the type.`);
    }
  }
}

export function readString(body: TBody, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new BcError(400, "BadRequest", `Cannot convert a primitive value to the expected type 'Edm.String' for '${field}'.`);
  if (value.length > maxLength) {
    throw new BcError(400, "Application_StringExceededLength", `The length of the string is ${value.length}, but it must be less than or equal to ${maxLength} characters. Value: ${value}`);
  }
  return value;
}

export function readNumber(body: TBody, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new BcError(400, "BadRequest", `Cannot convert the literal '${String(value)}' to the expected type 'Edm.Decimal'.`);
  return value;
}

export function readDate(body: TBody, field: string): string | undefined {
  const value = readString(body, field, 10);
  if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new BcError(400, "BadRequest", `Cannot convert the literal '${value}' to the expected type 'Edm.Date'.`);
  return value;
}

/** AL's Error(): Business Central answers these as 400 Application_DialogException. */
export function dialogError(message: string): BcError {
  return new BcError(400, "Application_DialogException", message);
}
