import { listObject } from "../core/list";
import { stringParam } from "../core/params";
import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";
import { type TCustomer } from "./customers";
import { type TPaymentMethod, DECLINING_CARD } from "./payment-methods";

export interface TInvoiceLine {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string;
  quantity: number;
  period: { start: number; end: number };
  pricing: { type: "price_details"; price_details: { price: string; product: string } } | null;
  metadata: Record<string, string>;
}

export type TInvoice = TStripeObject & {
  customer: string;
  status: "draft" | "open" | "paid" | "void" | "uncollectible";
  currency: string;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  subtotal: number;
  total: number;
  lines: { object: "list"; data: TInvoiceLine[]; has_more: false; url: string };
  parent: { type: "subscription_details"; subscription_details: { subscription: string; metadata: Record<string, string> } } | null;
  billing_reason: string;
  period_start: number;
  period_end: number;
  number: string | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  attempt_count: number;
  attempted: boolean;
  next_payment_attempt: number | null;
  status_transitions: { finalized_at: number | null; paid_at: number | null; voided_at: number | null; marked_uncollectible_at: number | null };
  metadata: Record<string, string>;
};

/** Options for {@link createInvoice}. */
export interface CreateInvoiceOptions {
  account: string | null;
  customer: string;
  currency: string;
  lines: Omit<TInvoiceLine, "id" | "object" | "currency">[];
  billingReason: string;
  period: { start: number; end: number };
  subscription?: { id: string; metadata: Record<string, string> };
  metadata?: Record<string, string>;
  /** Extra invoice fields a resource needs (application_fee_amount, on_behalf_of …). */
  extra?: Record<string, unknown>;
}

/** Smart retries, simplified: a failed charge is retried this long after, this many times. */
const RETRY_AFTER_S = 3 * 86_400;
const MAX_ATTEMPTS = 4;

/** A draft invoice; emits invoice.created. */
export function createInvoice(core: TStripeCore, { account, customer, currency, lines, billingReason, period, subscription, metadata = {}, extra = {} }: CreateInvoiceOptions): TInvoice {
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const invoice = core.objects.insert<TInvoice>(account, "in", "invoice", {
    customer,
    status: "draft",
    currency,
    amount_due: subtotal,
    amount_paid: 0,
    amount_remaining: subtotal,
    subtotal,
    total: subtotal,
    lines: { object: "list", data: [], has_more: false, url: "" },
    parent: subscription ? { type: "subscription_details", subscription_details: { subscription: subscription.id, metadata: subscription.metadata } } : null,
    billing_reason: billingReason,
    period_start: period.start,
    period_end: period.end,
    number: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    attempt_count: 0,
    attempted: false,
    next_payment_attempt: null,
    collection_method: "charge_automatically",
    status_transitions: { finalized_at: null, paid_at: null, voided_at: null, marked_uncollectible_at: null },
    metadata,
    ...extra,
  });
  invoice.lines = { object: "list", data: lines.map((line, i) => ({ ...line, id: `il_${invoice.id.slice(3)}_${i}`, object: "line_item", currency })), has_more: false, url: `/v1/invoices/${invoice.id}/lines` };
  core.events.emit({ account, type: "invoice.created", object: invoice });
  return invoice;
}

/** Draft → open, with a number and hosted links; emits invoice.finalized. */
export function finalizeInvoice(core: TStripeCore, account: string | null, invoice: TInvoice): TInvoice {
  const count = core.objects.list<TInvoice>(account, "invoice", (i) => i.number !== null).length;
  Object.assign(invoice, {
    status: "open",
    number: `SIM-${String(count + 1).padStart(4, "0")}`,
    hosted_invoice_url: `${core.baseUrl()}/invoices/${invoice.id}`,
    invoice_pdf: `${core.baseUrl()}/invoices/${invoice.id}/pdf`,
    status_transitions: { ...invoice.status_transitions, finalized_at: core.clock.now() },
  });
  core.events.emit({ account, type: "invoice.finalized", object: invoice, previousAttributes: { status: "draft" } });
  return invoice;
}

/** The card an invoice is charged to: the subscription's, else the customer's default. */
function paymentMethodFor(core: TStripeCore, account: string | null, invoice: TInvoice): TPaymentMethod | undefined {
  const subscriptionId = invoice.parent?.subscription_details.subscription;
  const subscription = subscriptionId ? core.objects.get(account, subscriptionId, "subscription") : undefined;
  const customer = core.objects.get<TCustomer>(account, invoice.customer, "customer");
  const id = (subscription?.default_payment_method as string | null | undefined) ?? customer?.invoice_settings.default_payment_method;
  return id ? core.objects.get<TPaymentMethod>(account, id, "payment_method") : undefined;
}

/**
 * Charges an open invoice (a zero total is paid at once). Paid: invoice.paid and
 * invoice.payment_succeeded. Declined (no card, or the declining test card):
 * invoice.payment_failed and a retry scheduled. Either way the subscription's
 * status follows (active / past_due / unpaid) with customer.subscription.updated.
 */
export function attemptInvoicePayment(core: TStripeCore, account: string | null, invoice: TInvoice): TInvoice {
  if (invoice.status !== "open") return invoice;
  const now = core.clock.now();
  const card = paymentMethodFor(core, account, invoice);
  const paid = invoice.amount_due === 0 || (card !== undefined && card.card.last4 !== DECLINING_CARD.slice(-4));
  invoice.attempt_count += invoice.amount_due === 0 ? 0 : 1;
  invoice.attempted = true;
  if (paid) {
    Object.assign(invoice, { status: "paid", amount_paid: invoice.amount_due, amount_remaining: 0, next_payment_attempt: null, status_transitions: { ...invoice.status_transitions, paid_at: now } });
    core.events.emit({ account, type: "invoice.paid", object: invoice, previousAttributes: { status: "open" } });
    core.events.emit({ account, type: "invoice.payment_succeeded", object: invoice });
  } else {
    invoice.next_payment_attempt = invoice.attempt_count < MAX_ATTEMPTS ? now + RETRY_AFTER_S : null;
    core.events.emit({ account, type: "invoice.payment_failed", object: invoice });
  }
  const subscriptionId = invoice.parent?.subscription_details.subscription;
  const subscription = subscriptionId ? core.objects.get(account, subscriptionId, "subscription") : undefined;
  if (subscription && subscription.status !== "canceled") {
    const status = paid ? (hasUnpaidInvoices(core, account, subscription.id) ? subscription.status : "active") : invoice.next_payment_attempt === null ? "unpaid" : "past_due";
    if (status !== subscription.status) {
      const previous = { status: subscription.status };
      subscription.status = status;
      core.events.emit({ account, type: "customer.subscription.updated", object: subscription, previousAttributes: previous });
    }
  }
  return invoice;
}

function hasUnpaidInvoices(core: TStripeCore, account: string | null, subscriptionId: string) {
  return core.objects.list<TInvoice>(account, "invoice", (i) => i.status === "open" && i.parent?.subscription_details.subscription === subscriptionId).length > 0;
}

/** Pays every open invoice of a customer again (after the card was updated in the billing portal). */
export function retryOpenInvoices(core: TStripeCore, account: string | null, customer: string) {
  for (const invoice of core.objects.list<TInvoice>(account, "invoice", (i) => i.customer === customer && i.status === "open").reverse()) attemptInvoicePayment(core, account, invoice);
}

/**
 * `GET /v1/invoices` (by customer, subscription, status) and `GET /v1/invoices/:id`,
 * the hosted invoice page and its PDF, and the payment retries the clock triggers.
 * Invoice write routes (create, finalize, pay, void) belong in their own module,
 * built on createInvoice / finalizeInvoice / attemptInvoicePayment.
 */
export const invoicesResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.get("/invoices/:id", (req) => objects.require(req.account, req.pathParams.id!, "invoice"));
  router.get("/invoices", (req) => {
    const customer = stringParam(req.params, "customer");
    const subscription = stringParam(req.params, "subscription");
    const status = stringParam(req.params, "status", { enum: ["draft", "open", "paid", "void", "uncollectible"] });
    return listObject(
      objects.list<TInvoice>(req.account, "invoice", (i) => (!customer || i.customer === customer) && (!subscription || i.parent?.subscription_details.subscription === subscription) && (!status || i.status === status)),
      req.params,
      "/v1/invoices",
    );
  });
  router.pages.get("/invoices/:id", (c) => {
    const stored = core.objects.all<TInvoice>("invoice").find((i) => i.value.id === c.req.param("id"));
    if (!stored) return c.text("No such invoice", 404);
    const invoice = stored.value;
    const rows = invoice.lines.data.map((l) => `<tr><td>${l.description}</td><td>${l.quantity}</td><td>${(l.amount / 100).toFixed(2)}</td></tr>`).join("");
    return c.html(`<!doctype html><title>Invoice ${invoice.number}</title><h1>Invoice ${invoice.number}</h1><p>Status: ${invoice.status}</p><table>${rows}</table><p>Total ${(invoice.total / 100).toFixed(2)} ${invoice.currency.toUpperCase()}</p>`);
  });
  router.pages.get("/invoices/:id/pdf", (c) => {
    const stored = core.objects.all<TInvoice>("invoice").find((i) => i.value.id === c.req.param("id"));
    if (!stored) return c.text("No such invoice", 404);
    return c.body(`%PDF-1.4\n% simulated invoice ${stored.value.number} total ${stored.value.total}\n%%EOF\n`, 200, { "content-type": "application/pdf" });
  });
  core.onClockAdvance((now) => {
    for (const { account, value: invoice } of core.objects.all<TInvoice>("invoice")) {
      if (invoice.status === "open" && invoice.next_payment_attempt !== null && invoice.next_payment_attempt <= now) attemptInvoicePayment(core, account, invoice);
    }
  });
};
