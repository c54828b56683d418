import { invalidParam, StripeApiError } from "../core/errors";
import { listObject } from "../core/list";
import { boolParam, hashParam, intParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";
import { type TInvoice, type TInvoiceLine } from "./invoices";

export type TInvoiceItem = TStripeObject & {
  customer: string;
  invoice: string | null;
  amount: number;
  currency: string;
  description: string | null;
  quantity: number;
  period: { start: number; end: number };
  metadata: Record<string, string>;
};

/** Recomputes an invoice's amounts from its lines (Stripe keeps these in step as items are added). */
export function recomputeInvoiceTotals(invoice: TInvoice) {
  const subtotal = invoice.lines.data.reduce((sum, line) => sum + line.amount, 0);
  Object.assign(invoice, { subtotal, total: subtotal, amount_due: subtotal, amount_remaining: subtotal - invoice.amount_paid });
}

/** Adds an invoice item to a draft invoice as one of its lines. */
export function addItemToInvoice(invoice: TInvoice, item: TInvoiceItem) {
  const line: TInvoiceLine & { parent: unknown } = {
    id: `il_${item.id.slice(3)}`,
    object: "line_item",
    amount: item.amount,
    currency: item.currency,
    description: item.description ?? "",
    quantity: item.quantity,
    period: item.period,
    pricing: null,
    metadata: item.metadata,
    parent: { type: "invoice_item_details", invoice_item_details: { invoice_item: item.id, proration: false } },
  };
  invoice.lines.data.push(line);
  recomputeInvoiceTotals(invoice);
}

function draftInvoice(core: TStripeCore, account: string | null, id: string, customer: string): TInvoice {
  const invoice = core.objects.require<TInvoice>(account, id, "invoice", { param: "invoice" });
  if (invoice.status !== "draft") {
    throw new StripeApiError({ status: 400, type: "invalid_request_error", code: "invoice_not_editable", param: "invoice", message: `You can only add invoice items to draft invoices; invoice ${id} is ${invoice.status}.` });
  }
  if (invoice.customer !== customer) throw invalidParam("invoice", `The invoice ${id} belongs to another customer.`, "parameter_invalid_string");
  return invoice;
}

/**
 * `/v1/invoiceitems`: create (`amount` + `currency`, or `quantity` with
 * `unit_amount_decimal` in whole minor units), retrieve, list. With `invoice`
 * the item lands on that draft invoice; without, it is pending until an invoice
 * that includes pending items is created for the customer.
 */
export const invoiceItemsResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.post("/invoiceitems", (req) => {
    const customer = stringParam(req.params, "customer", { required: true });
    objects.require(req.account, customer, "customer", { param: "customer" });
    const invoiceId = stringParam(req.params, "invoice");
    const invoice = invoiceId ? draftInvoice(core, req.account, invoiceId, customer) : undefined;
    const currency = stringParam(req.params, "currency") ?? invoice?.currency;
    if (!currency) throw invalidParam("currency", "Missing required param: currency.", "parameter_missing");
    if (invoice && invoice.currency !== currency) throw invalidParam("currency", `The currency ${currency} does not match the invoice's ${invoice.currency}.`, "parameter_invalid_string");
    const quantity = intParam(req.params, "quantity") ?? 1;
    const amountParam = intParam(req.params, "amount");
    const unitParam = stringParam(req.params, "unit_amount_decimal");
    if (amountParam !== undefined && unitParam !== undefined) throw invalidParam("amount", "You may only specify one of these parameters: amount, unit_amount_decimal.", "parameter_unknown");
    let amount: number;
    if (amountParam !== undefined) amount = amountParam;
    else if (unitParam !== undefined) {
      const unit = Number(unitParam);
      if (!Number.isInteger(unit) || unit < 0) throw invalidParam("unit_amount_decimal", "The simulator takes whole minor units only.", "parameter_invalid_integer");
      amount = unit * quantity;
    } else throw invalidParam("amount", "Missing required param: amount.", "parameter_missing");
    const period = hashParam(req.params, "period");
    const now = core.clock.now();
    const item = objects.insert<TInvoiceItem>(req.account, "ii", "invoiceitem", {
      customer,
      invoice: invoice?.id ?? null,
      amount,
      currency,
      description: stringParam(req.params, "description") ?? null,
      quantity,
      discountable: boolParam(req.params, "discountable") ?? true,
      period: { start: period ? (intParam(period, "start") ?? now) : now, end: period ? (intParam(period, "end") ?? now) : now },
      metadata: mergeMetadata({}, req.params),
    });
    if (invoice) addItemToInvoice(invoice, item);
    req.emit("invoiceitem.created", item);
    return item;
  });
  router.get("/invoiceitems/:id", (req) => objects.require(req.account, req.pathParams.id!, "invoiceitem", { label: "invoiceitem" }));
  router.get("/invoiceitems", (req) => {
    const customer = stringParam(req.params, "customer");
    const invoice = stringParam(req.params, "invoice");
    const pending = boolParam(req.params, "pending");
    return listObject(
      objects.list<TInvoiceItem>(req.account, "invoiceitem", (i) => (!customer || i.customer === customer) && (!invoice || i.invoice === invoice) && (pending === undefined || (i.invoice === null) === pending)),
      req.params,
      "/v1/invoiceitems",
    );
  });
};
