import {
  getBillingStanding,
  getClientMargins,
  getClientPriceBook,
  getPartnerConnectAccount,
  listClientInvoices,
  listClientPriceBooks,
  listDunningCases,
  readClientBillingEnv,
  setClientPriceBook,
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
} from "@storeflow/billing";
import { z } from "zod";
import { clientProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

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
