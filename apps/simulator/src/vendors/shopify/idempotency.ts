import { getDirectiveValues, GraphQLError, type GraphQLResolveInfo } from "graphql";
import { shopifySchema } from "./schema";
import { type TShopifyState } from "./state";

/** From this version on Shopify refuses its inventory and refund mutations without `@idempotent`. */
const DIRECTIVE_REQUIRED_FROM = "2026-04";

export type TIdempotencyRefusal = "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" | "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED";

const REFUSAL_MESSAGES: Record<TIdempotencyRefusal, string> = {
  IDEMPOTENCY_KEY_PARAMETER_MISMATCH: "The same idempotency key cannot be used with different operation parameters.",
  IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED: "A previous request with this idempotency key failed. Retry with a new idempotency key.",
};

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function readKey(info: GraphQLResolveInfo): string | undefined {
  const directive = shopifySchema.getDirective("idempotent");
  const node = info.fieldNodes[0];
  if (!directive || !node) return undefined;
  return getDirectiveValues(directive, node, info.variableValues)?.key as string | undefined;
}

export interface TRunIdempotentOptions<T> {
  state: TShopifyState;
  info: GraphQLResolveInfo;
  apiVersion: string;
  args: unknown;
  /** Applies the mutation; `failed` when it answered with userErrors and changed nothing. */
  execute: () => { payload: T; failed: boolean };
  /** The payload Shopify answers when it refuses a reused key. */
  refuse: (code: TIdempotencyRefusal, message: string) => T;
}

/**
 * Shopify's `@idempotent(key:)` contract: the first request with a key runs and its answer is
 * kept; a repeat with the same key and the same arguments gets that answer without running
 * again; the same key with other arguments, or after a failed attempt, is refused.
 */
export function runIdempotent<T>({ state, info, apiVersion, args, execute, refuse }: TRunIdempotentOptions<T>): T {
  const key = readKey(info);
  if (key === undefined) {
    if (apiVersion >= DIRECTIVE_REQUIRED_FROM) {
      throw new GraphQLError(`The @idempotent directive is required for ${info.fieldName} from API version ${DIRECTIVE_REQUIRED_FROM}.`, { extensions: { code: "BAD_REQUEST" } });
    }
    return execute().payload;
  }
  const recordKey = `${info.fieldName}:${key}`;
  const parameters = canonicalJson(args);
  const record = state.idempotency[recordKey];
  if (record) {
    if (record.parameters !== parameters) return refuse("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", REFUSAL_MESSAGES.IDEMPOTENCY_KEY_PARAMETER_MISMATCH);
    if (record.failed) return refuse("IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED", REFUSAL_MESSAGES.IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED);
    return record.payload as T;
  }
  const { payload, failed } = execute();
  state.idempotency[recordKey] = { operation: info.fieldName, parameters, payload, failed };
  return payload;
}
