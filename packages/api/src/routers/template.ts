import { NotFoundError } from "@storeflow/errors";
import { z } from "zod";
import { ZTemplateDto } from "../dto";
import { describeTemplate } from "../templates/describe-templates";
import { createTRPCRouter, partnerProcedure } from "../trpc";

/** The workflow templates a partner can install for its clients. */
export const templateRouter = createTRPCRouter({
  list: partnerProcedure("installation.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(z.array(ZTemplateDto))
    .query(({ ctx }) =>
      ctx.templates
        .latest()
        .map((template) => describeTemplate(ctx.templates, template))
        .sort((a, b) => a.title.localeCompare(b.title)),
    ),

  get: partnerProcedure("installation.read")
    .meta({ sample: () => ({ key: "test-notify" }) })
    .input(z.object({ key: z.string().min(1).max(100), version: z.string().max(20).optional() }))
    .output(ZTemplateDto)
    .query(({ ctx, input }) => {
      const template = ctx.templates.get(input.key, input.version);
      if (!template) throw new NotFoundError("Template");
      return describeTemplate(ctx.templates, template);
    }),
});
