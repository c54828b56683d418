import { invalidParam, StripeApiError } from "../core/errors";
import { type TParams } from "../core/form";
import { listObject } from "../core/list";
import { arrayParam, boolParam, intParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeCore, type TStripeRequest, type TStripeResource } from "../core/router";
import { collectApplicationFees } from "./application-fees";
import { type TCustomer } from "./customers";
import { addItemToInvoice, type TInvoiceItem } from "./invoice-items";
import { attemptInvoicePayment, createInvoice, finalizeInvoice, type TInvoice } from "./invoices";
import { attachCard } from "./payment-methods";

const MAX_CUSTOM_FIELDS = 4;

function customFields(params: TParams) {
  const fields = arrayParam(params, "custom_fields");
  if (fields.length > MAX_CUSTOM_FIELDS) throw invalidParam("custom_fields", `You may set at most ${MAX_CUSTOM_FIELDS} custom fields.`, "parameter_invalid_array");
  return fields.map((field, i) => {
    if (typeof field !== "object" || Array.isArray(field)) throw invalidParam(`custom_fields[${i}]`, "Invalid object", "parameter_invalid_object");
    const name = stringParam(field, "name", { required: true });
    const value = stringParam(field, "value", { required: true });
    if (name.length > 40) throw invalidParam(`custom_fields[${i}][name]`, "Custom field names may be at most 40 characters.", "parameter_invalid_string");
    if (value.length > 140) throw invalidParam(`custom_fields[${i}][value]`, "Custom field values may be at most 140 characters.", "parameter_invalid_string");
    return { name, value };
  });
}

function applicationFee(req: TStripeRequest): number | undefined {
  const fee = intParam(req.params, "application_fee_amount");
  if (fee !== undefined && req.account === null) {
    throw invalidParam("application_fee_amount", "Can only apply an application_fee_amount when the request is made on behalf of another account (using an OAuth key, the Stripe-Account header, or the destination parameter).", "parameter_invalid_integer");
  }
  return fee;
}

/** Fields a draft may change, in create and update alike. */
function draftFields(req: TStripeRequest) {
  const fee = applicationFee(req);
  const footer = stringParam(req.params, "footer");
  const description = stringParam(req.params, "description");
  const daysUntilDue = intParam(req.params, "days_until_due");
  return {
    ...(fee !== undefined ? { application_fee_amount: fee } : {}),
    ...(footer !== undefined ? { footer } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(daysUntilDue !== undefined ? { days_until_due: daysUntilDue } : {}),
    ...(req.params.custom_fields !== undefined ? { custom_fields: req.params.custom_fields === "" ? null : customFields(req.params) } : {}),
    ...(boolParam(req.params, "auto_advance") !== undefined ? { auto_advance: boolParam(req.params, "auto_advance") } : {}),
  };
}

function requireStatus(invoice: TInvoice, allowed: TInvoice["status"][], action: string) {
  if (!allowed.includes(invoice.status)) {
    throw new StripeApiError({ status: 400, type: "invalid_request_error", code: "invoice_unexpected_state", message: `You can only ${action} an invoice that is ${allowed.join(" or ")}; this invoice is ${invoice.status}.` });
  }
}

function pay(core: TStripeCore, account: string | null, invoice: TInvoice, outOfBand: boolean): TInvoice {
  if (outOfBand) {
    Object.assign(invoice, { status: "paid", paid_out_of_band: true, amount_paid: invoice.amount_due, amount_remaining: 0, next_payment_attempt: null, status_transitions: { ...invoice.status_transitions, paid_at: core.clock.now() } });
    core.events.emit({ account, type: "invoice.paid", object: invoice, previousAttributes: { status: "open" } });
  } else attemptInvoicePayment(core, account, invoice);
  collectApplicationFees(core);
  return invoice;
}

/**
 * Invoice writes: create (one-off invoices, e.g. a partner billing its client on
 * its own account, with `application_fee_amount` for the platform), update a
 * draft, finalize, send, pay (a declined card answers 402 card_declined after
 * invoice.payment_failed, as Stripe does), void, and the invoice's lines. The
 * hosted invoice page gets a card form that pays it (any number; the declining
 * test card fails), for demos and browser tests.
 */
export const invoiceWritesResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.post("/invoices", (req) => {
    const customerId = stringParam(req.params, "customer", { required: true });
    const customer = objects.require<TCustomer>(req.account, customerId, "customer", { param: "customer" });
    const collection = stringParam(req.params, "collection_method", { enum: ["charge_automatically", "send_invoice"] }) ?? "charge_automatically";
    const pendingBehavior = stringParam(req.params, "pending_invoice_items_behavior", { enum: ["exclude", "include"] }) ?? "exclude";
    const fields = draftFields(req);
    if (collection === "send_invoice" && fields.days_until_due === undefined && intParam(req.params, "due_date") === undefined) {
      throw invalidParam("days_until_due", "Invoices with collection_method=send_invoice need days_until_due or due_date.", "parameter_missing");
    }
    const currency = stringParam(req.params, "currency") ?? (customer.currency as string | null) ?? "usd";
    const now = core.clock.now();
    const invoice = createInvoice(core, {
      account: req.account,
      customer: customer.id,
      currency,
      lines: [],
      billingReason: "manual",
      period: { start: now, end: now },
      metadata: mergeMetadata({}, req.params),
      extra: { collection_method: collection, auto_advance: collection === "charge_automatically", application_fee_amount: null, footer: null, description: null, custom_fields: null, due_date: intParam(req.params, "due_date") ?? null, ...fields },
    });
    if (pendingBehavior === "include") {
      for (const item of objects.list<TInvoiceItem>(req.account, "invoiceitem", (i) => i.customer === customer.id && i.invoice === null && i.currency === currency).reverse()) {
        item.invoice = invoice.id;
        addItemToInvoice(invoice, item);
      }
    }
    return invoice;
  });

  router.post("/invoices/:id", (req) => {
    const invoice = objects.require<TInvoice>(req.account, req.pathParams.id!, "invoice");
    const fields = draftFields(req);
    if (Object.keys(fields).length > 0) requireStatus(invoice, ["draft"], "change the amounts and texts of");
    const previous = { metadata: invoice.metadata };
    const updated = objects.update<TInvoice>(req.account, invoice.id, { ...fields, metadata: mergeMetadata(invoice.metadata, req.params) });
    req.emit("invoice.updated", updated, previous);
    return updated;
  });

  router.get("/invoices/:id/lines", (req) => {
    const invoice = objects.require<TInvoice>(req.account, req.pathParams.id!, "invoice");
    // Lines are not stored objects; the list helper pages by id all the same.
    return listObject(invoice.lines.data as never[], req.params, `/v1/invoices/${invoice.id}/lines`);
  });

  router.post("/invoices/:id/finalize", (req) => {
    const invoice = objects.require<TInvoice>(req.account, req.pathParams.id!, "invoice");
    requireStatus(invoice, ["draft"], "finalize");
    const fee = invoice.application_fee_amount as number | null;
    if (fee !== null && fee > invoice.total) throw invalidParam("application_fee_amount", `The application fee (${fee}) cannot be greater than the invoice total (${invoice.total}).`, "parameter_invalid_integer");
    const autoAdvance = boolParam(req.params, "auto_advance");
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    const days = invoice.days_until_due as number | null | undefined;
    if (invoice.collection_method === "send_invoice" && invoice.due_date === null && days != null) invoice.due_date = core.clock.now() + days * 86_400;
    finalizeInvoice(core, req.account, invoice);
    // Stripe marks a zero total paid at once, and charges automatically collected invoices when they auto-advance.
    if (invoice.total === 0 || (invoice.collection_method === "charge_automatically" && invoice.auto_advance === true)) pay(core, req.account, invoice, false);
    return invoice;
  });

  router.post("/invoices/:id/send", (req) => {
    const invoice = objects.require<TInvoice>(req.account, req.pathParams.id!, "invoice");
    requireStatus(invoice, ["open"], "send");
    if (invoice.collection_method !== "send_invoice") throw invalidParam("collection_method", "You can only send invoices with collection_method=send_invoice.", "parameter_invalid_string");
    const customer = objects.require<TCustomer>(req.account, invoice.customer, "customer");
    if (!customer.email) throw invalidParam("customer", "The customer has no email address to send the invoice to.", "parameter_missing");
    invoice.sent_to = customer.email;
    req.emit("invoice.sent", invoice);
    return invoice;
  });

  router.post("/invoices/:id/pay", (req) => {
    const invoice = objects.require<TInvoice>(req.account, req.pathParams.id!, "invoice");
    requireStatus(invoice, ["open"], "pay");
    const method = stringParam(req.params, "payment_method");
    if (method) {
      objects.require(req.account, method, "payment_method", { param: "payment_method", label: "payment method" });
      objects.update(req.account, invoice.customer, { invoice_settings: { default_payment_method: method } });
    }
    if (pay(core, req.account, invoice, boolParam(req.params, "paid_out_of_band") === true).status !== "paid") {
      throw new StripeApiError({ status: 402, type: "card_error", code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." });
    }
    return invoice;
  });

  router.post("/invoices/:id/void", (req) => {
    const invoice = objects.require<TInvoice>(req.account, req.pathParams.id!, "invoice");
    requireStatus(invoice, ["open", "uncollectible"], "void");
    const previous = { status: invoice.status };
    Object.assign(invoice, { status: "void", amount_remaining: 0, next_payment_attempt: null, status_transitions: { ...invoice.status_transitions, voided_at: core.clock.now() } });
    req.emit("invoice.voided", invoice, previous);
    return invoice;
  });

  // The customer paying on the hosted invoice page: the card typed becomes the customer's default.
  router.pages.post("/invoices/:id/pay", async (c) => {
    const stored = objects.all<TInvoice>("invoice").find((i) => i.value.id === c.req.param("id"));
    if (!stored) return c.text("No such invoice", 404);
    const { account, value: invoice } = stored;
    if (invoice.status !== "open") return c.text(`This invoice is ${invoice.status}`, 409);
    const form = await c.req.parseBody();
    const number = typeof form.card === "string" ? form.card.replace(/\s+/g, "") : "";
    if (!/^\d{12,19}$/.test(number)) return c.text("Enter a card number", 400);
    attachCard(core, account, invoice.customer, number);
    const paid = pay(core, account, invoice, false).status === "paid";
    return c.text(paid ? "Paid, thank you" : "Your card was declined", paid ? 200 : 402);
  });
};
