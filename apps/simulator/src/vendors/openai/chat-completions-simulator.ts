import { Hono } from "hono";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";

/** An answer the simulated model gives, in the JSON-schema shape the caller asked for. */
export interface TScriptedAnswer {
  label: string;
  confidence: number;
  rationale: string;
}

/** One chat-completions request as the simulator received it. */
export interface TChatCompletionRequest {
  model: string;
  messages: { role: string; content: string }[];
  /** The `response_format.json_schema.schema` the caller sent. */
  schema: unknown;
  headers: Record<string, string>;
}

export interface TChatCompletionsState {
  /** Accepted bearer keys. */
  apiKeys: string[];
  models: string[];
  /** Answers given in order, before the simulator falls back to its own reading. */
  script: (TScriptedAnswer | { raw: string })[];
  requests: TChatCompletionRequest[];
}

export interface TChatCompletionsSimulator extends TVendorSimulator<TChatCompletionsState> {
  /** The next answers, in order; `{ raw }` sends that text as the message content (a model that breaks the schema). */
  script(...answers: (TScriptedAnswer | { raw: string })[]): void;
}

const ZRequest = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.enum(["system", "user", "assistant", "developer"]), content: z.string() })).min(1),
  response_format: z.object({ type: z.literal("json_schema"), json_schema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()), strict: z.boolean().optional() }) }).optional(),
  temperature: z.number().optional(),
});

function error(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

/** The labels the caller allowed: the enum of the schema's `label` property. */
function labelsOf(schema: unknown): string[] {
  const label = (schema as { properties?: { label?: { enum?: unknown } } } | undefined)?.properties?.label;
  return Array.isArray(label?.enum) ? label.enum.filter((l): l is string => typeof l === "string") : [];
}

/**
 * Reads like a cautious model: the label whose words appear most in what the
 * user sent, confident only when exactly one label is mentioned.
 */
function ownAnswer(labels: string[], text: string): TScriptedAnswer {
  const lower = text.toLowerCase();
  const hits = labels.map((label) => ({ label, count: label.toLowerCase().split(/[-_ ]+/).filter((word) => word && lower.includes(word)).length })).sort((a, b) => b.count - a.count);
  const [best, next] = hits;
  if (!best || best.count === 0) return { label: labels[0] ?? "unknown", confidence: 0.2, rationale: "Nothing in the text points at any label." };
  const clear = !next || next.count === 0;
  return { label: best.label, confidence: clear ? 0.93 : 0.55, rationale: clear ? `The text mentions "${best.label}".` : `The text mentions both "${best.label}" and "${next.label}".` };
}

/**
 * An OpenAI-compatible chat-completions endpoint (`POST /openai/v1/chat/completions`),
 * as OpenAI and the many servers that copy its API answer: bearer auth, the
 * request's `response_format` JSON schema honoured, errors in `{ error: { … } }`.
 */
export const chatCompletionsSimulator: TVendorFactory = (): TChatCompletionsSimulator => {
  const seed = () => ({ apiKeys: [`sk-sim-${randomBytes(12).toString("hex")}`], models: ["gpt-4.1-mini", "sim-classifier"] });
  const state: TChatCompletionsState = { ...seed(), script: [], requests: [] };
  const routes = new Hono();

  routes.post("/v1/chat/completions", async (c) => {
    const key = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (!key || !state.apiKeys.includes(key)) return c.json(error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"), 401);
    const parsed = ZRequest.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json(error(`Invalid request: ${parsed.error.issues[0]?.message ?? "malformed body"}`, "invalid_request_error", null), 400);
    const { model, messages, response_format } = parsed.data;
    if (!state.models.includes(model)) return c.json(error(`The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found"), 404);
    const schema = response_format?.json_schema.schema;
    state.requests.push({ model, messages, schema, headers: Object.fromEntries(Object.entries(c.req.header()).map(([k, v]) => [k.toLowerCase(), v])) });
    const next = state.script.shift();
    const content = next && "raw" in next ? next.raw : JSON.stringify(next ?? ownAnswer(labelsOf(schema), messages.filter((m) => m.role === "user").map((m) => m.content).join("\n")));
    return c.json({
      id: `chatcmpl-${randomBytes(12).toString("hex")}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
    });
  });

  return {
    key: "openai",
    routes,
    state,
    script: (...answers) => void state.script.push(...answers),
    reset() {
      Object.assign(state, seed(), { script: [], requests: [] });
    },
  };
};
