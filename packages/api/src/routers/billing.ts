import { createBillingPortalUrl, getBillingOverview, PLANS, startPlanChange, ZBillingOverview, ZBillingPortalInput, ZPlanChangeResult, ZPlanDto, ZStartPlanChangeInput } from "@storeflow/billing";
import { z } from "zod";
import { portalPageUrl, requireStripe } from "../billing-context";
import { createTRPCRouter, partnerProcedure } from "../trpc";

/** The portal's billing page: Stripe sends the partner back here unless the caller names another portal page. */
const BILLING_PAGE_PATH = "/billing";

/** The platform's billing of the partner: its Storeflow plan, usage and invoices. Owners change it; admins read it. */
export const billingRouter = createTRPCRouter({
  /** Plan, subscription, this period's runs (per UTC day) against the plan's included runs, and invoices; from our tables only. */
  overview: partnerProcedure("billing.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(ZBillingOverview)
    .query(({ ctx }) => getBillingOverview({ actor: ctx.actor, enabled: ctx.stripe !== null })),

  /** The plans on offer, amounts in minor units of their currency. */
  plans: partnerProcedure("billing.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(z.array(ZPlanDto))
    .query(() => [...PLANS]),

  /** A Checkout page to subscribe on, or (with a live subscription) the change applied to it. */
  startPlanChange: partnerProcedure("billing.manage")
    .meta({ sample: () => ({ planKey: "starter" }) })
    .input(ZStartPlanChangeInput.partial({ returnUrl: true }))
    .output(ZPlanChangeResult)
    .mutation(({ ctx, input }) =>
      startPlanChange({ actor: ctx.actor, stripe: requireStripe(ctx), input: { planKey: input.planKey, returnUrl: portalPageUrl(ctx, { url: input.returnUrl, defaultPath: BILLING_PAGE_PATH, field: "returnUrl" }) } }),
    ),

  /** Stripe's Billing Portal for the partner's cards and billing details. */
  portalUrl: partnerProcedure("billing.manage")
    .meta({ sample: () => ({}) })
    .input(ZBillingPortalInput.partial())
    .output(z.object({ url: z.url() }))
    .mutation(async ({ ctx, input }) => ({
      url: await createBillingPortalUrl({ actor: ctx.actor, stripe: requireStripe(ctx), input: { returnUrl: portalPageUrl(ctx, { url: input.returnUrl, defaultPath: BILLING_PAGE_PATH, field: "returnUrl" }) } }),
    })),
});
