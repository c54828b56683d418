import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { type TClassification, type TClassifyCall } from "@storeflow/runs";
import OpenAI from "openai";
import { z } from "zod";
import { classifiedText } from "./rules-classifier";

/** Where a partner's model lives: any OpenAI-compatible chat-completions API. */
export interface TModelSettings {
  /** e.g. https://api.openai.com/v1, or a compatible server's /v1. */
  baseUrl: string;
  model: string;
  apiKey: string;
}

/** The SSRF-guarded fetch's shape. */
export type TFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

const ZAnswer = z.object({ label: z.string(), confidence: z.number().min(0).max(1), rationale: z.string().max(2000) });

const SYSTEM_PROMPT = [
  "You classify retail operations records (returns, orders, stock exceptions) for a back-office workflow.",
  "Answer with the single label that fits best, your confidence from 0 to 1 that it is right, and a one-sentence rationale a store manager can check.",
  "Be calibrated: when the record is ambiguous or lacks the facts, give a low confidence; a person reviews low-confidence answers.",
].join(" ");

function answerSchema(labels: readonly string[]) {
  return {
    type: "object",
    properties: {
      label: { type: "string", enum: [...labels] },
      confidence: { type: "number", minimum: 0, maximum: 1 },
      rationale: { type: "string" },
    },
    required: ["label", "confidence", "rationale"],
    additionalProperties: false,
  };
}

/** The engine's error kinds for what the API answered: retried, retried after a while, or not. */
function classifyApiError(error: unknown): Error {
  if (error instanceof OpenAI.RateLimitError) {
    const retryAfterS = Number(error.headers?.get("retry-after"));
    return new RateLimitedError(`the model is rate limited: ${error.message}`, { retryAfterMs: Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS * 1000 : 5000, cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    // The SDK wraps whatever fetch threw; a destination the SSRF guard refuses stays refused.
    const refused = error.cause instanceof NonRetryableError ? error.cause : undefined;
    if (refused) return new NonRetryableError(`the model's address is not allowed: ${refused.message}`, { cause: error });
    return new RetryableError(`the model could not be reached: ${error.message}`, { cause: error });
  }
  if (error instanceof OpenAI.APIError && (error.status ?? 500) >= 500) return new RetryableError(`the model failed: ${error.message}`, { cause: error });
  if (error instanceof OpenAI.APIError) return new NonRetryableError(`the model refused the request (${error.status}): ${error.message}`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Asks the model for `{ label, confidence, rationale }` under a strict JSON
 * schema (the labels as an enum), through the SSRF-guarded fetch. The SDK does
 * not retry: the step's retry policy does, honouring Retry-After. An answer
 * that breaks the schema comes back with no confidence, for a person to decide.
 */
export async function classifyWithModel(settings: TModelSettings, call: TClassifyCall, fetch: TFetch): Promise<TClassification> {
  // The SDK always passes a URL string, never a Request.
  const client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseUrl, fetch: (url, init) => fetch(url as string | URL, init), maxRetries: 0, timeout: 30_000 });
  let content: string | null | undefined;
  try {
    const completion = await client.chat.completions.create(
      {
        model: settings.model,
        temperature: 0,
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          { role: "user", content: `Labels: ${call.labels.join(", ")}\n\nRecord:\n${classifiedText(call.input)}` },
        ],
        response_format: { type: "json_schema", json_schema: { name: "classification", strict: true, schema: answerSchema(call.labels) } },
      },
      { signal: call.signal, headers: { "Idempotency-Key": call.idempotencyKey } },
    );
    content = completion.choices[0]?.message.content;
  } catch (error) {
    throw classifyApiError(error);
  }
  let parsed: z.infer<typeof ZAnswer> | undefined;
  try {
    parsed = ZAnswer.parse(JSON.parse(content ?? ""));
  } catch {
    parsed = undefined;
  }
  if (!parsed) return { label: call.labels[0]!, confidence: 0, rationale: "The model's answer did not follow the requested format.", source: "model", model: settings.model };
  return { ...parsed, source: "model", model: settings.model };
}
