import { type TActor } from "@storeflow/accounts";
import { Prisma, withTenant } from "@storeflow/db";
import { z } from "zod";
import { PLANS } from "./plans";
import { BILLED_RUN_STATUSES } from "./usage-report";

export const ZPlanDto = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  currency: z.string(),
  baseAmount: z.int(),
  includedRuns: z.int(),
  overagePerRun: z.int(),
});

export const ZPartnerInvoiceDto = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.string(),
  currency: z.string(),
  total: z.int(),
  amountDue: z.int(),
  amountPaid: z.int(),
  hostedInvoiceUrl: z.string().nullable(),
  invoicePdf: z.string().nullable(),
  periodStart: z.date(),
  periodEnd: z.date(),
  createdAt: z.date(),
});

export const ZBillingOverview = z.object({
  /** False when the deployment has no Stripe key: the page explains instead of offering buttons. */
  enabled: z.boolean(),
  plans: z.array(ZPlanDto),
  subscription: z
    .object({
      planKey: z.string().nullable(),
      status: z.string(),
      currentPeriodStart: z.date().nullable(),
      currentPeriodEnd: z.date().nullable(),
      cancelAtPeriodEnd: z.boolean(),
    })
    .nullable(),
  usage: z.object({
    periodStart: z.date(),
    periodEnd: z.date(),
    /** Finished runs per UTC day of the period so far (days without runs included). */
    daily: z.array(z.object({ day: z.string(), runs: z.int() })),
    runsToDate: z.int(),
    /** Runs Stripe has acknowledged for the period (the rest go with the next report). */
    runsReported: z.int(),
    includedRuns: z.int().nullable(),
  }),
  invoices: z.array(ZPartnerInvoiceDto),
});
export type TBillingOverview = z.infer<typeof ZBillingOverview>;

function calendarMonth(now: Date) {
  return { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
}

/**
 * The partner's plan, usage of the current period (its subscription's period,
 * or the calendar month before there is one) and invoices, all from
 * Storeflow's own tables: the page never waits on Stripe.
 */
export async function getBillingOverview({ actor, enabled, now = new Date() }: { actor: TActor; enabled: boolean; now?: Date }): Promise<TBillingOverview> {
  return withTenant(actor.db, actor.scope, async (tx) => {
    const billing = await tx.partnerBilling.findUnique({ where: { partnerId: actor.scope.partnerId } });
    const period =
      billing?.currentPeriodStart && billing.currentPeriodEnd && billing.subscriptionStatus !== "canceled"
        ? { start: billing.currentPeriodStart, end: billing.currentPeriodEnd }
        : calendarMonth(now);
    const to = new Date(Math.min(now.getTime(), period.end.getTime()));
    const daily = await tx.$queryRaw<{ day: string; runs: number }[]>`
      select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(r.runs, 0)::int as runs
      from generate_series(date_trunc('day', ${period.start}::timestamptz at time zone 'UTC'), ${to}::timestamptz at time zone 'UTC', interval '1 day') as d(day)
      left join (
        select date_trunc('day', finished_at at time zone 'UTC') as day, count(*) as runs from workflow_runs
        where partner_id = ${actor.scope.partnerId}::uuid and finished_at >= ${period.start} and finished_at < ${to}
          and status::text in (${Prisma.join([...BILLED_RUN_STATUSES])})
        group by 1
      ) r on r.day = d.day
      order by d.day`;
    const reported = await tx.usageReport.aggregate({ where: { partnerId: actor.scope.partnerId, periodStart: period.start, status: "sent" }, _sum: { quantity: true } });
    const invoices = await tx.partnerInvoice.findMany({ where: { partnerId: actor.scope.partnerId }, orderBy: { stripeCreatedAt: "desc" }, take: 24 });
    const plan = PLANS.find((p) => p.key === billing?.planKey);
    return {
      enabled,
      plans: PLANS.map((p) => ({ ...p })),
      subscription: billing?.subscriptionStatus
        ? { planKey: billing.planKey, status: billing.subscriptionStatus, currentPeriodStart: billing.currentPeriodStart, currentPeriodEnd: billing.currentPeriodEnd, cancelAtPeriodEnd: billing.cancelAtPeriodEnd }
        : null,
      usage: {
        periodStart: period.start,
        periodEnd: period.end,
        daily,
        runsToDate: daily.reduce((sum, d) => sum + d.runs, 0),
        runsReported: reported._sum.quantity ?? 0,
        includedRuns: plan?.includedRuns ?? null,
      },
      invoices: invoices.map((i) => ({
        id: i.stripeInvoiceId,
        number: i.number,
        status: i.status,
        currency: i.currency,
        total: i.total,
        amountDue: i.amountDue,
        amountPaid: i.amountPaid,
        hostedInvoiceUrl: i.hostedInvoiceUrl,
        invoicePdf: i.invoicePdf,
        periodStart: i.periodStart,
        periodEnd: i.periodEnd,
        createdAt: i.stripeCreatedAt,
      })),
    };
  });
}
