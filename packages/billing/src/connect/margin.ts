import { type TActor } from "@storeflow/accounts";
import { ClientStatus, withTenant } from "@storeflow/db";
import { z } from "zod";
import { findPlan } from "../platform/plans";
import { billingPeriod, currentPeriod, ZBillingPeriod } from "./billing-period";
import { computeInvoiceLines, periodLabel } from "./invoice-lines";
import { usageIn } from "./issue-client-invoice";
import { toPriceBook } from "./price-book";

export const ZClientMarginsInput = z.object({ period: ZBillingPeriod.optional() }).default({});

export const ZClientMargin = z.object({
  clientId: z.uuid(),
  clientName: z.string(),
  period: z.string(),
  runs: z.int(),
  /** Null: the client has no price book, so the partner charges it nothing. */
  currency: z.string().nullable(),
  /** What the partner charges: the issued invoice's subtotal, else what the price book makes of the runs so far. */
  charged: z.int(),
  chargedFrom: z.enum(["invoice", "estimate", "unpriced"]),
  /** The platform's application fee on that invoice. */
  applicationFee: z.int(),
  /** The platform's price for the client's runs: runs × the partner plan's per-run price. */
  platformUsageCost: z.int(),
  platformCurrency: z.string().nullable(),
  /** charged − applicationFee − platformUsageCost; null when the currencies differ or the partner has no plan. */
  margin: z.int().nullable(),
  /** margin / charged in basis points; null when either is unknown or nothing is charged. */
  marginBps: z.int().nullable(),
});
export type TClientMargin = z.infer<typeof ZClientMargin>;

export const ZClientMargins = z.object({
  period: z.string(),
  planKey: z.string().nullable(),
  platformPerRun: z.int().nullable(),
  applicationFeeBps: z.int(),
  clients: z.array(ZClientMargin),
});

/** Options for {@link getClientMargins}. */
export interface GetClientMarginsOptions {
  actor: TActor;
  input?: z.input<typeof ZClientMarginsInput>;
  applicationFeeBps: number;
  now?: Date;
}

/**
 * Per client for one month (default: this month, in each client's time zone):
 * what the partner charges the client against what the platform charges the
 * partner for that client's runs. The platform's side is the client's finished
 * runs at the partner plan's per-run price (its overage rate; the plan's base
 * fee and included runs belong to the partner as a whole, not to one client)
 * plus the application fee the platform keeps from the client's invoice.
 */
export async function getClientMargins({ actor, input, applicationFeeBps, now = new Date() }: GetClientMarginsOptions): Promise<z.infer<typeof ZClientMargins>> {
  const { period } = ZClientMarginsInput.parse(input);
  return withTenant(actor.db, actor.scope, async (tx) => {
    const billing = await tx.partnerBilling.findUnique({ where: { partnerId: actor.scope.partnerId }, select: { planKey: true } });
    const plan = billing?.planKey ? findPlan(billing.planKey) : undefined;
    const clients = await tx.client.findMany({
      where: { status: ClientStatus.active },
      orderBy: { name: "asc" },
      select: { id: true, name: true, timezone: true, priceBook: true },
    });
    const rows: TClientMargin[] = [];
    for (const client of clients) {
      const bounds = period ? billingPeriod(client.timezone, period) : currentPeriod(client.timezone, now);
      const usage = await usageIn(tx, client.id, bounds);
      const invoice = await tx.clientInvoice.findUnique({ where: { clientId_period: { clientId: client.id, period: bounds.period } }, select: { subtotal: true, applicationFee: true, currency: true, runs: true } });
      const priceBook = client.priceBook ? toPriceBook(client.priceBook) : null;
      const estimate = priceBook && !invoice ? computeInvoiceLines({ priceBook, ...usage, periodLabel: periodLabel(bounds.period), applicationFeeBps }) : null;
      const runs = invoice?.runs ?? usage.runs;
      const currency = invoice?.currency ?? priceBook?.currency ?? null;
      const charged = invoice?.subtotal ?? estimate?.subtotal ?? 0;
      const applicationFee = invoice?.applicationFee ?? estimate?.applicationFee ?? 0;
      const platformUsageCost = plan ? runs * plan.overagePerRun : 0;
      const comparable = plan !== undefined && currency === plan.currency;
      const margin = comparable ? charged - applicationFee - platformUsageCost : null;
      rows.push({
        clientId: client.id,
        clientName: client.name,
        period: bounds.period,
        runs,
        currency,
        charged,
        chargedFrom: invoice ? "invoice" : estimate ? "estimate" : "unpriced",
        applicationFee,
        platformUsageCost,
        platformCurrency: plan?.currency ?? null,
        margin,
        marginBps: margin !== null && charged > 0 ? Math.round((margin * 10_000) / charged) : null,
      });
    }
    return { period: period ?? currentPeriod("UTC", now).period, planKey: plan?.key ?? null, platformPerRun: plan?.overagePerRun ?? null, applicationFeeBps, clients: rows };
  });
}
