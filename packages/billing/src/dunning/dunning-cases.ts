import { recordAudit } from "@storeflow/audit";
import { DunningPayer, DunningStatus, type TDb, type TTx, withTenant } from "@storeflow/db";
import { z } from "zod";
import { applyBillingPause, liftBillingPause } from "./billing-pauses";

const DAY_MS = 86_400_000;

/** Who owes: the partner (to the platform) or one client (to its partner). */
export type TPayer = { kind: "partner"; partnerId: string } | { kind: "client"; partnerId: string; clientId: string };

export const ZDunningCase = z.object({
  id: z.uuid(),
  payer: z.enum(DunningPayer),
  clientId: z.uuid().nullable(),
  status: z.enum(DunningStatus),
  stripeInvoiceId: z.string(),
  amountDue: z.int(),
  currency: z.string(),
  hostedInvoiceUrl: z.string().nullable(),
  failedAt: z.date(),
  graceEndsAt: z.date(),
  pausedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
});
export type TDunningCase = z.infer<typeof ZDunningCase>;

export const dunningCaseSelect = {
  id: true,
  payer: true,
  clientId: true,
  status: true,
  stripeInvoiceId: true,
  amountDue: true,
  currency: true,
  hostedInvoiceUrl: true,
  failedAt: true,
  graceEndsAt: true,
  pausedAt: true,
  resolvedAt: true,
} as const;

/** The unpaid invoice, as Stripe returned it when re-fetched. */
export interface TUnpaidInvoice {
  stripeInvoiceId: string;
  /** The partner's connected account for a client's invoice; null for the platform's own. */
  stripeAccountId: string | null;
  amountDue: number;
  currency: string;
  hostedInvoiceUrl: string | null;
}

const clientIdOf = (payer: TPayer) => (payer.kind === "client" ? payer.clientId : null);
const openCaseOf = (tx: TTx, payer: TPayer) =>
  tx.dunningCase.findFirst({ where: { partnerId: payer.partnerId, clientId: clientIdOf(payer), status: { not: DunningStatus.resolved } }, select: dunningCaseSelect });

/** Options for {@link recordPaymentFailed}. */
export interface RecordPaymentFailedOptions {
  db: TDb;
  payer: TPayer;
  invoice: TUnpaidInvoice;
  /** Days before the payer's runs pause; 0 pauses them at once. */
  graceDays: number;
  now?: Date;
}

/**
 * A payment failed: the payer becomes past due, with banners, until the grace
 * period ends (then runs pause, see sweepDunning) or the invoice is paid. A
 * payer already in dunning keeps its case and its clock: retries of the same
 * invoice, and failures of later invoices, do not extend the grace period.
 */
export async function recordPaymentFailed({ db, payer, invoice, graceDays, now = new Date() }: RecordPaymentFailedOptions): Promise<{ opened: boolean; case: TDunningCase }> {
  return withTenant(db, { partnerId: payer.partnerId }, async (tx) => {
    const existing = await openCaseOf(tx, payer);
    if (existing) return { opened: false, case: existing };
    const graceEndsAt = new Date(now.getTime() + graceDays * DAY_MS);
    const { count } = await tx.dunningCase.createMany({
      data: [{ partnerId: payer.partnerId, clientId: clientIdOf(payer), payer: payer.kind, ...invoice, failedAt: now, graceEndsAt }],
      // The partial unique index on open cases: a concurrent delivery opened it first.
      skipDuplicates: true,
    });
    const opened = (await openCaseOf(tx, payer))!;
    if (count === 0) return { opened: false, case: opened };
    await recordAudit({
      tx,
      scope: { partnerId: payer.partnerId },
      clientId: clientIdOf(payer),
      action: "billing.payment_failed",
      target: { type: "dunning_case", id: opened.id },
      data: { payer: payer.kind, stripeInvoiceId: invoice.stripeInvoiceId, amountDue: invoice.amountDue, currency: invoice.currency, graceEndsAt: graceEndsAt.toISOString() },
    });
    if (graceDays === 0) return { opened: true, case: await pauseCase(tx, payer.partnerId, opened, now) };
    return { opened: true, case: opened };
  });
}

/** Options for {@link recordInvoicePaid}. */
export interface RecordInvoicePaidOptions {
  db: TDb;
  payer: TPayer;
  stripeInvoiceId: string;
  now?: Date;
}

/**
 * The invoice a case is about was paid: the case resolves and the runs it
 * paused resume (queued steps then run; nothing was dropped). A payment of
 * another invoice leaves the case open.
 */
export async function recordInvoicePaid({ db, payer, stripeInvoiceId, now = new Date() }: RecordInvoicePaidOptions): Promise<{ resolved: TDunningCase | null; resumedClientIds: string[] }> {
  return withTenant(db, { partnerId: payer.partnerId }, async (tx) => {
    const open = await openCaseOf(tx, payer);
    if (!open || open.stripeInvoiceId !== stripeInvoiceId) return { resolved: null, resumedClientIds: [] };
    const { count } = await tx.dunningCase.updateMany({ where: { id: open.id, status: open.status }, data: { status: DunningStatus.resolved, resolvedAt: now, updatedAt: now } });
    if (count === 0) return { resolved: null, resumedClientIds: [] };
    const resumedClientIds = open.status === DunningStatus.paused ? await liftBillingPause(tx, { partnerId: payer.partnerId, clientId: open.clientId, caseId: open.id }) : [];
    await recordAudit({
      tx,
      scope: { partnerId: payer.partnerId },
      clientId: open.clientId,
      action: "billing.payment_recovered",
      target: { type: "dunning_case", id: open.id },
      data: { payer: payer.kind, stripeInvoiceId, wasPaused: open.status === DunningStatus.paused, resumedClientIds },
    });
    return { resolved: { ...open, status: DunningStatus.resolved, resolvedAt: now }, resumedClientIds };
  });
}

/** Past due → paused (compare-and-set on the status read), then the runs it covers pause. */
export async function pauseCase(tx: TTx, partnerId: string, open: TDunningCase, now: Date): Promise<TDunningCase> {
  const { count } = await tx.dunningCase.updateMany({ where: { id: open.id, status: DunningStatus.past_due }, data: { status: DunningStatus.paused, pausedAt: now, updatedAt: now } });
  if (count === 0) return open;
  const pausedClientIds = await applyBillingPause(tx, { partnerId, clientId: open.clientId, caseId: open.id });
  await recordAudit({
    tx,
    scope: { partnerId },
    clientId: open.clientId,
    action: "billing.runs_paused",
    target: { type: "dunning_case", id: open.id },
    data: { payer: open.payer, stripeInvoiceId: open.stripeInvoiceId, graceEndedAt: open.graceEndsAt.toISOString(), pausedClientIds },
  });
  return { ...open, status: DunningStatus.paused, pausedAt: now };
}
