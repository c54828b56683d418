import { recordAudit } from "@storeflow/audit";
import { ClientInvoiceStatus, ClientStatus, type TDb, type TTenantScope, type TTx, withTenant } from "@storeflow/db";
import { ConflictError, DomainError, NotFoundError } from "@storeflow/errors";
import type Stripe from "stripe";
import { billingPeriod, type TBillingPeriod } from "./billing-period";
import { clientInvoiceSelect, invoiceStatusOf, type TClientInvoice, toClientInvoice } from "./client-invoice-dto";
import { requireChargeableAccount } from "./connect-account";
import { computeInvoiceLines, periodLabel, type TInvoiceLine } from "./invoice-lines";
import { findPriceBook } from "./price-book";

/** Options for {@link issueClientInvoice}. */
export interface IssueClientInvoiceOptions {
  /** storeflow_app client; every read and write is in the client's own scope. */
  db: TDb;
  stripe: Stripe;
  /** The client billed and, when a person issues it, who they are (null: the worker's monthly pass). */
  scope: TTenantScope & { clientId: string };
  /** The month billed, YYYY-MM in the client's time zone; it must be over. */
  period: string;
  /** The platform's share of each client invoice, in basis points (see readBillingConnectEnv). */
  applicationFeeBps: number;
  /** Days the client has to pay. @defaultValue 14 */
  daysUntilDue?: number;
  now?: Date;
}

type TPrepared = {
  invoice: Awaited<ReturnType<typeof findInvoice>> & {};
  client: { name: string };
  partner: { name: string; productName: string; supportEmail: string };
  billingEmail: string | null;
};

const FINISHED = { not: "running" } as const;

const findInvoice = (tx: TTx, clientId: string, period: string) =>
  tx.clientInvoice.findUnique({ where: { clientId_period: { clientId, period } }, select: { ...clientInvoiceSelect, stripeAccountId: true, partnerId: true } });

/**
 * Issues a client's invoice for one month on its partner's connected account,
 * once: the (client, period) row is written first with the lines computed
 * from the price book and the client's runs finished in the period, and every
 * Stripe call after it carries an idempotency key derived from that row and
 * sends exactly the stored lines. A retry (a crash, a second worker) finds the
 * row and repeats the calls, which Stripe answers from its idempotency store;
 * progress already recorded (the Stripe invoice id, lines already on it, the
 * invoice finalized) is skipped, so even a retry after Stripe forgot its keys
 * (24 hours) cannot add a second invoice or line. An invoice no longer issuing
 * is returned as it is.
 */
export async function issueClientInvoice(options: IssueClientInvoiceOptions): Promise<TClientInvoice> {
  const prepared = await prepareInvoice(options);
  if (prepared.invoice.status !== ClientInvoiceStatus.issuing) return present(prepared.invoice);
  return sendToStripe(options, prepared);
}

async function prepareInvoice({ db, scope, period, applicationFeeBps, now = new Date() }: IssueClientInvoiceOptions): Promise<TPrepared> {
  const { partnerId, clientId } = scope;
  // Partner-wide: the partner's Stripe account is hidden from client scopes. Every query below names the client.
  return withTenant(db, { partnerId, userId: scope.userId ?? null }, async (tx) => {
    const client = await tx.client.findFirst({ where: { id: clientId }, select: { name: true, timezone: true, status: true } });
    if (!client) throw new NotFoundError("The client");
    const partner = await tx.partner.findUniqueOrThrow({ where: { id: partnerId }, select: { name: true, productName: true, supportEmail: true } });
    const admin = await tx.membership.findFirst({ where: { clientId, role: "client_admin" }, orderBy: { createdAt: "asc" }, select: { user: { select: { email: true } } } });
    const context = { client, partner, billingEmail: admin?.user.email ?? null };
    const existing = await findInvoice(tx, clientId, period);
    if (existing) return { ...context, invoice: existing };

    if (client.status === ClientStatus.archived) throw new ConflictError("Archived clients are not invoiced");
    const bounds = billingPeriod(client.timezone, period);
    if (bounds.end > now) throw new DomainError("BAD_REQUEST", `${periodLabel(period)} is not over yet in the client's time zone`, "period");
    const stripeAccountId = await requireChargeableAccount(tx, partnerId);
    const priceBook = await findPriceBook(tx, clientId);
    if (!priceBook) throw new DomainError("PRECONDITION_FAILED", "The client has no price book: set the client's price before invoicing it");
    const usage = await usageIn(tx, clientId, bounds);
    const draft = computeInvoiceLines({ priceBook, ...usage, periodLabel: periodLabel(period), applicationFeeBps });
    await tx.clientInvoice.createMany({
      data: [{ partnerId, clientId, period, periodStart: bounds.start, periodEnd: bounds.end, stripeAccountId, currency: priceBook.currency, lines: draft.lines, runs: usage.runs, includedRuns: priceBook.includedRuns, subtotal: draft.subtotal, applicationFee: draft.applicationFee }],
      // A concurrent pass may have written it first: then its lines are the ones issued.
      skipDuplicates: true,
    });
    return { ...context, invoice: (await findInvoice(tx, clientId, period))! };
  });
}

/** Runs finished in the period (whatever their outcome: each one was work done), and the templates installed at some point in it. */
export async function usageIn(tx: TTx, clientId: string, { start, end }: Pick<TBillingPeriod, "start" | "end">) {
  const runs = await tx.workflowRun.count({ where: { clientId, status: FINISHED, finishedAt: { gte: start, lt: end } } });
  const installations = await tx.installation.findMany({
    where: { clientId, createdAt: { lt: end }, OR: [{ uninstalledAt: null }, { uninstalledAt: { gte: start } }] },
    select: { templateKey: true },
    distinct: ["templateKey"],
  });
  return { runs, installedTemplateKeys: new Set(installations.map((i) => i.templateKey)) };
}

function present(invoice: TPrepared["invoice"]): TClientInvoice {
  const { stripeAccountId: _account, partnerId: _partner, ...dto } = toClientInvoice(invoice);
  return dto;
}

async function sendToStripe({ db, stripe, scope, daysUntilDue = 14 }: IssueClientInvoiceOptions, { invoice, client, partner, billingEmail }: TPrepared): Promise<TClientInvoice> {
  const { stripeAccountId: stripeAccount, id } = invoice;
  const key = (step: string) => `storeflow:client-invoice:${id}:${step}`;
  const customer = await ensureCustomer({ db, stripe, scope, stripeAccount, name: client.name, email: billingEmail });
  const label = periodLabel(invoice.period);
  let stripeInvoice = invoice.stripeInvoiceId
    ? await stripe.invoices.retrieve(invoice.stripeInvoiceId, {}, { stripeAccount })
    : await stripe.invoices.create(
        {
          customer,
          currency: invoice.currency,
          collection_method: "send_invoice",
          days_until_due: daysUntilDue,
          auto_advance: false,
          pending_invoice_items_behavior: "exclude",
          application_fee_amount: invoice.applicationFee,
          description: `${partner.productName} for ${client.name}, ${label}`,
          footer: `${partner.name} · Questions about this invoice: ${partner.supportEmail}`,
          custom_fields: [
            { name: "Client", value: client.name.slice(0, 140) },
            { name: "Billing period", value: label },
          ],
          metadata: { storeflow_client_invoice_id: id, storeflow_partner_id: scope.partnerId, storeflow_client_id: scope.clientId, storeflow_period: invoice.period },
        },
        { stripeAccount, idempotencyKey: key("create") },
      );
  if (!invoice.stripeInvoiceId) {
    await withTenant(db, scope, (tx) => tx.clientInvoice.update({ where: { id }, data: { stripeInvoiceId: stripeInvoice.id, updatedAt: new Date() } }));
  }
  if (stripeInvoice.status === "draft") {
    await addMissingLines({ stripe, stripeAccount, invoiceId: stripeInvoice.id!, customer, invoice, key });
    stripeInvoice = await stripe.invoices.finalizeInvoice(stripeInvoice.id!, { auto_advance: false }, { stripeAccount, idempotencyKey: key("finalize") });
  }
  if (stripeInvoice.status === "open" && billingEmail) {
    stripeInvoice = await stripe.invoices.sendInvoice(stripeInvoice.id!, {}, { stripeAccount, idempotencyKey: key("send") });
  }
  return withTenant(db, scope, async (tx) => {
    const now = new Date();
    const status = invoiceStatusOf(stripeInvoice.status);
    const updated = await tx.clientInvoice.update({
      where: { id },
      data: {
        status,
        number: stripeInvoice.number ?? null,
        hostedInvoiceUrl: stripeInvoice.hosted_invoice_url ?? null,
        invoicePdf: stripeInvoice.invoice_pdf ?? null,
        issuedAt: now,
        ...(status === ClientInvoiceStatus.paid ? { paidAt: now } : {}),
        updatedAt: now,
      },
      select: { ...clientInvoiceSelect, stripeAccountId: true, partnerId: true },
    });
    await recordAudit({
      tx,
      scope,
      clientId: scope.clientId,
      action: "billing.client_invoice_issued",
      target: { type: "client_invoice", id },
      data: { period: invoice.period, stripeInvoiceId: stripeInvoice.id, currency: invoice.currency, subtotal: invoice.subtotal, applicationFee: invoice.applicationFee, runs: invoice.runs, sentTo: billingEmail ? "client_admin" : null },
    });
    return present(updated);
  });
}

/** Adds the stored lines the Stripe invoice does not have yet, each tagged with its index so a late retry can tell. */
async function addMissingLines({ stripe, stripeAccount, invoiceId, customer, invoice, key }: {
  stripe: Stripe;
  stripeAccount: string;
  invoiceId: string;
  customer: string;
  invoice: TPrepared["invoice"];
  key: (step: string) => string;
}) {
  const lines = toClientInvoice(invoice).lines as TInvoiceLine[];
  const present = new Set<string>();
  for await (const line of stripe.invoices.listLineItems(invoiceId, { limit: 100 }, { stripeAccount })) {
    const index = line.metadata?.storeflow_line;
    if (index !== undefined) present.add(index);
  }
  const period = { start: Math.floor(invoice.periodStart.getTime() / 1000), end: Math.floor(invoice.periodEnd.getTime() / 1000) };
  for (const [index, line] of lines.entries()) {
    if (present.has(String(index))) continue;
    await stripe.invoiceItems.create(
      {
        customer,
        invoice: invoiceId,
        currency: invoice.currency,
        amount: line.amount,
        description: line.description,
        period,
        metadata: { storeflow_line: String(index), kind: line.kind, quantity: String(line.quantity), unit_amount: String(line.unitAmount), ...(line.templateKey ? { template_key: line.templateKey } : {}) },
      },
      { stripeAccount, idempotencyKey: key(`item:${index}`) },
    );
  }
}

/** The client as a customer on the partner's account, made once per (client, account). */
async function ensureCustomer({ db, stripe, scope, stripeAccount, name, email }: { db: TDb; stripe: Stripe; scope: IssueClientInvoiceOptions["scope"]; stripeAccount: string; name: string; email: string | null }): Promise<string> {
  const { clientId, partnerId } = scope;
  const known = await withTenant(db, scope, (tx) => tx.clientBillingCustomer.findUnique({ where: { clientId }, select: { stripeAccountId: true, stripeCustomerId: true } }));
  if (known?.stripeAccountId === stripeAccount) return known.stripeCustomerId;
  const customer = await stripe.customers.create(
    { name, ...(email ? { email } : {}), metadata: { storeflow_client_id: clientId, storeflow_partner_id: partnerId } },
    { stripeAccount, idempotencyKey: `storeflow:client-customer:${clientId}:${stripeAccount}` },
  );
  const data = { partnerId, clientId, stripeAccountId: stripeAccount, stripeCustomerId: customer.id };
  // A partner that reconnected another account gets its clients made customers there afresh.
  await withTenant(db, scope, (tx) => tx.clientBillingCustomer.upsert({ where: { clientId }, create: data, update: data }));
  return customer.id;
}
