import { getPartner, updatePartnerBrand, ZUpdatePartnerBrandInput } from "@storeflow/accounts";
import { z } from "zod";
import { ZPartnerDto } from "../dto";
import { createTRPCRouter, partnerProcedure } from "../trpc";

export const partnerRouter = createTRPCRouter({
  get: partnerProcedure("partner.read")
    .meta({ sample: () => undefined })
    .input(z.void())
    .output(ZPartnerDto)
    .query(({ ctx }) => getPartner(ctx.actor)),

  updateBrand: partnerProcedure("partner.update")
    .meta({ sample: (t) => ({ productName: `Brand ${t.clientId.slice(-8)}`, primaryColor: "#1d4ed8" }) })
    .input(ZUpdatePartnerBrandInput)
    .output(ZPartnerDto)
    .mutation(({ ctx, input }) => updatePartnerBrand(ctx.actor, input)),
});
