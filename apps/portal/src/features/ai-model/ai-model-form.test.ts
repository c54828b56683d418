import { describe, expect, it } from "vitest";
import { aiModelFormSchemaOf, aiModelPayloadOf } from "./ai-model-form";

const messagesOf = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) => Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("aiModelFormSchemaOf", () => {
  it("needs a key the first time, and an http(s) URL and a model always", () => {
    const result = aiModelFormSchemaOf({ hasKey: false }).safeParse({ baseUrl: "models.example", model: " ", apiKey: "" });
    expect(messagesOf(result)).toEqual({ baseUrl: "Enter the API's base URL, e.g. https://api.openai.com/v1", model: "Name the model, e.g. gpt-4.1-mini", apiKey: "Enter the API key" });
  });

  it("keeps the stored key when the Replace key field stays empty, and refuses a short new one", () => {
    const schema = aiModelFormSchemaOf({ hasKey: true });
    expect(schema.safeParse({ baseUrl: "https://models.example/v1", model: "gpt-4.1-mini", apiKey: "" }).success).toBe(true);
    expect(messagesOf(schema.safeParse({ baseUrl: "https://models.example/v1", model: "m", apiKey: "short" }))).toEqual({ apiKey: "An API key has at least 8 characters" });
  });
});

describe("aiModelPayloadOf", () => {
  it("sends the key only when one was typed", () => {
    expect(aiModelPayloadOf({ baseUrl: " https://models.example/v1 ", model: "gpt-4.1-mini", apiKey: "" })).toEqual({ baseUrl: "https://models.example/v1", model: "gpt-4.1-mini" });
    expect(aiModelPayloadOf({ baseUrl: "https://models.example/v1", model: "m", apiKey: "sk-0123456789" })).toHaveProperty("apiKey", "sk-0123456789");
  });
});
