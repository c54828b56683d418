import { z } from "zod";

/**
 * What the browser checks before saving the model; the server checks again. The key
 * is required only while none is stored: left empty later, the stored one stays.
 */
export function aiModelFormSchemaOf({ hasKey }: { hasKey: boolean }) {
  return z.object({
    baseUrl: z
      .string()
      .trim()
      .pipe(z.url({ protocol: /^https?$/, message: "Enter the API's base URL, e.g. https://api.openai.com/v1" })),
    model: z.string().trim().min(1, "Name the model, e.g. gpt-4.1-mini").max(200, "Use at most 200 characters"),
    apiKey: z
      .string()
      .refine((key) => hasKey || key.trim() !== "", "Enter the API key")
      .refine((key) => key.trim() === "" || key.length >= 8, "An API key has at least 8 characters"),
  });
}
export type TAiModelForm = z.input<ReturnType<typeof aiModelFormSchemaOf>>;

/** The input of aiModel.set: the key only when one was typed, so an empty field keeps the stored key. */
export function aiModelPayloadOf(values: TAiModelForm): { baseUrl: string; model: string; apiKey?: string } {
  return { baseUrl: values.baseUrl.trim(), model: values.model.trim(), ...(values.apiKey.trim() !== "" ? { apiKey: values.apiKey } : {}) };
}
