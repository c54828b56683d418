import { z } from "zod";

/** JSON text, as a person types it into a form: parsed, or a field issue saying why not. */
export const ZJsonText = z
  .string()
  .max(100_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as z.infer<ReturnType<typeof z.json>>;
    } catch {
      ctx.addIssue({ code: "custom", message: 'Write valid JSON, for example {"orderId": "1001"}' });
      return z.NEVER;
    }
  });
