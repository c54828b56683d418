import { getPartnerAiModel, removePartnerAiModel, setPartnerAiModel, ZSetPartnerAiModelInput } from "@storeflow/ai";
import { z } from "zod";
import { ZPartnerAiModelDto } from "../dto";
import { createTRPCRouter, partnerProcedure } from "../trpc";

/** The language model the partner's ai.classify steps ask; without one, the steps' rules answer. */
export const aiModelRouter = createTRPCRouter({
  get: partnerProcedure("partner.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(ZPartnerAiModelDto.nullable())
    .query(({ ctx }) => getPartnerAiModel(ctx.actor)),

  set: partnerProcedure("partner.update")
    .meta({ sample: () => ({ baseUrl: "https://models.example/v1", model: "gpt-4.1-mini", apiKey: "sk-sample-0123456789" }) })
    .input(ZSetPartnerAiModelInput)
    .output(ZPartnerAiModelDto)
    .mutation(({ ctx, input }) => setPartnerAiModel(ctx.actor, ctx.keyRing, input)),

  remove: partnerProcedure("partner.update")
    .meta({ sample: () => ({}) })
    .input(z.strictObject({}))
    .output(z.object({ removed: z.boolean() }))
    .mutation(({ ctx }) => removePartnerAiModel(ctx.actor)),
});
