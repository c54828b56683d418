import {
  getBillingStanding,
  getClientMargins,
  getClientPriceBook,
  getPartnerConnectAccount,
  issueClientInvoice,
  listClientInvoices,
  listClientPriceBooks,
  listDunningCases,
  readClientBillingEnv,
  setClientPriceBook,
  startPartnerOnboarding,
  ZBillingPeriod,
  ZBillingStanding,
  ZClientInvoice,
  ZClientMargins,
  ZClientMarginsInput,
  ZClientPriceBook,
  ZClientPriceBookRow,
  ZClientRef,
  ZDunningCase,
  ZListClientInvoicesInput,
  ZListDunningCasesInput,
  ZPartnerConnectAccount,
  ZSetClientPriceBookInput,
  ZStartOnboardingInput,
} from "@storeflow/billing";
import { z } from "zod";
import { portalPageUrl, requireStripe } from "../billing-context";
import { clientProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

/** The portal's client billing page: where Connect onboarding returns, and (refresh) asks for a new link. */
const CLIENT_BILLING_PAGE_PATH = "/billing/clients";

/** What each partner charges each client; only the partner's owners and admins see or change it. */
export const priceBookRouter = createTRPCRouter({
  list: partnerProcedure("clientBilling.manage")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(z.array(ZClientPriceBookRow))
    .query(({ ctx }) => listClientPriceBooks(ctx.actor)),

  get: partnerProcedure("clientBilling.manage")
    .meta({ sample: (t) => ({ clientId: t.clientId }) })
    .input(ZClientRef)
    .output(ZClientPriceBook.nullable())
    .query(({ ctx, input }) => getClientPriceBook(ctx.actor, input)),

  set: partnerProcedure("clientBilling.manage")
    .meta({ sample: (t) => ({ clientId: t.clientId, currency: "usd", monthlyFee: 5_000, includedRuns: 1_000, overagePerRun: 2 }) })
    .input(ZSetClientPriceBookInput)
    .output(ZClientPriceBook)
    .mutation(({ ctx, input }) => setClientPriceBook(ctx.actor, input, { templateKeys: new Set(ctx.templates.latest().map((t) => t.key)) })),
});

/** Partner → client invoices, dunning and margins. */
export const clientBillingRouter = createTRPCRouter({
  connectAccount: partnerProcedure("clientBilling.manage")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(ZPartnerConnectAccount)
    .query(({ ctx }) => getPartnerConnectAccount(ctx.actor)),

  /** A fresh Connect onboarding link for the partner's own Stripe account (made on first use). */
  startOnboarding: partnerProcedure("clientBilling.manage")
    .meta({ sample: () => ({}) })
    .input(ZStartOnboardingInput.partial())
    .output(z.object({ url: z.url(), expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const { url, expiresAt } = await startPartnerOnboarding({
        actor: ctx.actor,
        stripe: requireStripe(ctx),
        input: {
          returnUrl: portalPageUrl(ctx, { url: input.returnUrl, defaultPath: CLIENT_BILLING_PAGE_PATH, field: "returnUrl" }),
          refreshUrl: portalPageUrl(ctx, { url: input.refreshUrl, defaultPath: `${CLIENT_BILLING_PAGE_PATH}?refresh=1`, field: "refreshUrl" }),
        },
      });
      return { url, expiresAt };
    }),

  /**
   * Issues one client's invoice for a month that is over, on the partner's
   * account; issuing it again returns the same invoice and sends nothing twice.
   * The client is found under the partner's row-level security, never trusted.
   */
  issueInvoice: partnerProcedure("clientBilling.manage")
    .meta({ sample: (t) => ({ clientId: t.clientId, month: "2025-01" }) })
    .input(ZClientRef.extend({ month: ZBillingPeriod }))
    .output(ZClientInvoice)
    .mutation(({ ctx, input }) => {
      const env = readClientBillingEnv();
      return issueClientInvoice({
        db: ctx.actor.db,
        stripe: requireStripe(ctx),
        scope: { ...ctx.actor.scope, clientId: input.clientId },
        period: input.month,
        applicationFeeBps: env.STRIPE_CONNECT_FEE_BPS,
        daysUntilDue: env.BILLING_CLIENT_DAYS_UNTIL_DUE,
      });
    }),

  invoices: partnerProcedure("clientBilling.manage")
    .meta({ sample: (t) => ({ clientId: t.clientId }) })
    .input(ZListClientInvoicesInput)
    .output(z.array(ZClientInvoice.extend({ clientName: z.string() })))
    .query(({ ctx, input }) => listClientInvoices(ctx.actor, input)),

  margins: partnerProcedure("clientBilling.manage")
    .meta({ sample: () => ({}) })
    .input(ZClientMarginsInput)
    .output(ZClientMargins)
    .query(({ ctx, input }) => getClientMargins({ actor: ctx.actor, input, applicationFeeBps: readClientBillingEnv().STRIPE_CONNECT_FEE_BPS })),

  dunningCases: partnerProcedure("clientBilling.manage")
    .meta({ sample: () => ({}) })
    .input(ZListDunningCasesInput)
    .output(z.array(ZDunningCase.extend({ clientName: z.string().nullable() })))
    .query(({ ctx, input }) => listDunningCases(ctx.actor, input)),

  /** For the portal's banners: a client user sees only their own client's unpaid invoice. */
  standing: clientProcedure("client.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(ZBillingStanding)
    .query(({ ctx }) => getBillingStanding(ctx.actor)),
});
