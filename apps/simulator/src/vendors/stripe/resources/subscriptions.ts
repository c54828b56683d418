import { invalidParam } from "../core/errors";
import { type TParams } from "../core/form";
import { listObject } from "../core/list";
import { arrayParam, boolParam, intParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";
import { attemptInvoicePayment, createInvoice, finalizeInvoice, type TInvoiceLine } from "./invoices";
import { meterUsage, type TMeter } from "./meters";
import { priceAmount, type TPrice } from "./prices";

export interface TSubscriptionItem {
  id: string;
  object: "subscription_item";
  created: number;
  price: TPrice;
  quantity?: number;
  subscription: string;
  current_period_start: number;
  current_period_end: number;
  metadata: Record<string, string>;
}

export type TSubscription = TStripeObject & {
  customer: string;
  status: "incomplete" | "active" | "past_due" | "unpaid" | "canceled";
  items: { object: "list"; data: TSubscriptionItem[]; has_more: false; url: string };
  latest_invoice: string | null;
  metadata: Record<string, string>;
  currency: string;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  ended_at: number | null;
  start_date: number;
  billing_cycle_anchor: number;
  default_payment_method: string | null;
};

/** `start` plus one billing interval, calendar-aware for months and years. */
export function addInterval(start: number, interval: string, count: number): number {
  const date = new Date(start * 1000);
  if (interval === "day") date.setUTCDate(date.getUTCDate() + count);
  else if (interval === "week") date.setUTCDate(date.getUTCDate() + 7 * count);
  else if (interval === "month") date.setUTCMonth(date.getUTCMonth() + count);
  else date.setUTCFullYear(date.getUTCFullYear() + count);
  return Math.floor(date.getTime() / 1000);
}

export interface TSubscriptionItemInput {
  price: string;
  quantity?: number;
}

function readItems(params: TParams): (TSubscriptionItemInput & { id?: string; deleted?: boolean })[] {
  return arrayParam(params, "items").map((raw, index) => {
    if (typeof raw !== "object" || Array.isArray(raw)) throw invalidParam(`items[${index}]`, "Invalid item", "parameter_invalid_object");
    return { id: stringParam(raw, "id"), price: stringParam(raw, "price")!, quantity: intParam(raw, "quantity"), deleted: boolParam(raw, "deleted") };
  });
}

/** Usage lines for the metered items of the period just ended; licensed lines for the period starting. */
function periodLines(core: TStripeCore, account: string | null, subscription: TSubscription, ended: { start: number; end: number } | null, next: { start: number; end: number }): Omit<TInvoiceLine, "id" | "object" | "currency">[] {
  const lines: Omit<TInvoiceLine, "id" | "object" | "currency">[] = [];
  for (const item of subscription.items.data) {
    const price = item.price;
    const pricing = { type: "price_details" as const, price_details: { price: price.id, product: price.product } };
    if (price.recurring?.usage_type === "metered") {
      if (!ended) continue;
      const meter = core.objects.require<TMeter>(account, price.recurring.meter!, "billing.meter");
      const usage = meterUsage(core, account, meter, subscription.customer, ended.start, ended.end);
      lines.push({ amount: priceAmount(price, usage), description: `${usage} × ${price.nickname ?? meter.display_name}`, quantity: usage, period: ended, pricing, metadata: {} });
    } else {
      const quantity = item.quantity ?? 1;
      lines.push({ amount: priceAmount(price, quantity), description: `${quantity} × ${price.nickname ?? price.product}`, quantity, period: next, pricing, metadata: {} });
    }
  }
  return lines;
}

function invoicePeriod(core: TStripeCore, account: string | null, subscription: TSubscription, billingReason: string, ended: { start: number; end: number } | null, next: { start: number; end: number }) {
  const invoice = createInvoice(core, {
    account,
    customer: subscription.customer,
    currency: subscription.currency,
    lines: periodLines(core, account, subscription, ended, next),
    billingReason,
    period: ended ?? next,
    subscription: { id: subscription.id, metadata: subscription.metadata },
  });
  subscription.latest_invoice = invoice.id;
  finalizeInvoice(core, account, invoice);
  attemptInvoicePayment(core, account, invoice);
  return invoice;
}

/** Options for {@link createSubscription}. */
export interface CreateSubscriptionOptions {
  account: string | null;
  customer: string;
  items: TSubscriptionItemInput[];
  metadata?: Record<string, string>;
  defaultPaymentMethod?: string | null;
  request?: { id: string; idempotencyKey: string | null };
}

/** A subscription starting now: its first invoice (licensed items, in advance) is finalized and charged at once. */
export function createSubscription(core: TStripeCore, { account, customer, items, metadata = {}, defaultPaymentMethod = null, request }: CreateSubscriptionOptions): TSubscription {
  core.objects.require(account, customer, "customer", { param: "customer" });
  if (items.length === 0) throw invalidParam("items", "Missing required param: items.", "parameter_missing");
  const prices = items.map((item, i) => core.objects.require<TPrice>(account, item.price, "price", { param: `items[${i}][price]` }));
  const recurring = prices.map((p) => p.recurring);
  if (recurring.some((r) => !r)) throw invalidParam("items", "All prices on a subscription must be recurring.", "parameter_invalid_string");
  const { interval, interval_count } = recurring[0]!;
  const now = core.clock.now();
  const end = addInterval(now, interval, interval_count);
  const subscription = core.objects.insert<TSubscription>(account, "sub", "subscription", {
    customer,
    status: "incomplete",
    items: { object: "list", data: [], has_more: false, url: "" },
    latest_invoice: null,
    metadata,
    currency: prices[0]!.currency,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    start_date: now,
    billing_cycle_anchor: now,
    collection_method: "charge_automatically",
    default_payment_method: defaultPaymentMethod,
  });
  subscription.items = {
    object: "list",
    data: items.map((item, i) => ({ id: `si_${subscription.id.slice(4)}_${i}`, object: "subscription_item", created: now, price: prices[i]!, ...(prices[i]!.recurring!.usage_type === "licensed" ? { quantity: item.quantity ?? 1 } : {}), subscription: subscription.id, current_period_start: now, current_period_end: end, metadata: {} })),
    has_more: false,
    url: `/v1/subscription_items?subscription=${subscription.id}`,
  };
  core.events.emit({ account, type: "customer.subscription.created", object: subscription, request });
  const invoice = invoicePeriod(core, account, subscription, "subscription_create", null, { start: now, end });
  if (invoice.status === "paid" && subscription.status === "incomplete") {
    subscription.status = "active";
    core.events.emit({ account, type: "customer.subscription.updated", object: subscription, previousAttributes: { status: "incomplete" } });
  }
  return subscription;
}

/** Closes every period that ended by `now`: metered usage in arrears, the next period's fees in advance. */
function closePeriods(core: TStripeCore, now: number) {
  for (const { account, value: subscription } of core.objects.all<TSubscription>("subscription")) {
    while (subscription.status !== "canceled" && subscription.status !== "incomplete" && subscription.items.data[0]!.current_period_end <= now) {
      const first = subscription.items.data[0]!;
      const ended = { start: first.current_period_start, end: first.current_period_end };
      if (subscription.cancel_at_period_end) {
        Object.assign(subscription, { status: "canceled", canceled_at: ended.end, ended_at: ended.end });
        invoicePeriod(core, account, { ...subscription, items: { ...subscription.items, data: subscription.items.data.filter((i) => i.price.recurring?.usage_type === "metered") } }, "subscription_cycle", ended, ended);
        core.events.emit({ account, type: "customer.subscription.deleted", object: subscription });
        break;
      }
      const { interval, interval_count } = first.price.recurring!;
      const next = { start: ended.end, end: addInterval(ended.end, interval, interval_count) };
      const previous = { items: structuredClone(subscription.items) };
      for (const item of subscription.items.data) Object.assign(item, { current_period_start: next.start, current_period_end: next.end });
      core.events.emit({ account, type: "customer.subscription.updated", object: subscription, previousAttributes: previous });
      invoicePeriod(core, account, subscription, "subscription_cycle", ended, next);
    }
  }
}

/**
 * `/v1/subscriptions`: create, retrieve, update (swap an item's price,
 * `cancel_at_period_end`, metadata; changes apply from the next period, no
 * proration), cancel (DELETE), list by customer, status, price. Periods close
 * when the simulated clock passes their end.
 */
export const subscriptionsResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.post("/subscriptions", (req) => {
    const customer = stringParam(req.params, "customer", { required: true });
    return createSubscription(core, {
      account: req.account,
      customer,
      items: readItems(req.params),
      metadata: mergeMetadata({}, req.params),
      defaultPaymentMethod: stringParam(req.params, "default_payment_method") ?? null,
      request: { id: req.requestId, idempotencyKey: req.idempotencyKey },
    });
  });
  router.get("/subscriptions/:id", (req) => objects.require(req.account, req.pathParams.id!, "subscription"));
  router.post("/subscriptions/:id", (req) => {
    const subscription = objects.require<TSubscription>(req.account, req.pathParams.id!, "subscription");
    if (subscription.status === "canceled") throw invalidParam("id", "A canceled subscription can only update its cancellation_details and metadata.", "resource_missing");
    const previous: Record<string, unknown> = { metadata: subscription.metadata, cancel_at_period_end: subscription.cancel_at_period_end, items: structuredClone(subscription.items) };
    for (const [index, change] of readItems(req.params).entries()) {
      const item = change.id ? subscription.items.data.find((i) => i.id === change.id) : undefined;
      if (change.id && !item) throw invalidParam(`items[${index}][id]`, `No such subscription item: '${change.id}'`, "resource_missing");
      if (item && change.deleted) {
        subscription.items.data = subscription.items.data.filter((i) => i !== item);
        continue;
      }
      const price = change.price ? objects.require<TPrice>(req.account, change.price, "price", { param: `items[${index}][price]` }) : item?.price;
      if (!price) throw invalidParam(`items[${index}][price]`, "Missing required param: items[][price].", "parameter_missing");
      if (item) Object.assign(item, { price, ...(change.quantity !== undefined ? { quantity: change.quantity } : {}) });
      else {
        const first = subscription.items.data[0]!;
        subscription.items.data.push({ id: `si_${subscription.id.slice(4)}_${subscription.items.data.length}`, object: "subscription_item", created: core.clock.now(), price, ...(price.recurring?.usage_type === "licensed" ? { quantity: change.quantity ?? 1 } : {}), subscription: subscription.id, current_period_start: first.current_period_start, current_period_end: first.current_period_end, metadata: {} });
      }
    }
    const cancelAtPeriodEnd = boolParam(req.params, "cancel_at_period_end");
    Object.assign(subscription, { metadata: mergeMetadata(subscription.metadata, req.params), ...(cancelAtPeriodEnd !== undefined ? { cancel_at_period_end: cancelAtPeriodEnd } : {}) });
    req.emit("customer.subscription.updated", subscription, previous);
    return subscription;
  });
  router.delete("/subscriptions/:id", (req) => {
    const subscription = objects.require<TSubscription>(req.account, req.pathParams.id!, "subscription");
    if (subscription.status === "canceled") return subscription;
    const now = core.clock.now();
    Object.assign(subscription, { status: "canceled", canceled_at: now, ended_at: now });
    req.emit("customer.subscription.deleted", subscription);
    return subscription;
  });
  router.get("/subscriptions", (req) => {
    const customer = stringParam(req.params, "customer");
    const status = stringParam(req.params, "status");
    const price = stringParam(req.params, "price");
    return listObject(
      objects.list<TSubscription>(req.account, "subscription", (s) => (!customer || s.customer === customer) && (status === "all" || (status ? s.status === status : s.status !== "canceled")) && (!price || s.items.data.some((i) => i.price.id === price))),
      req.params,
      "/v1/subscriptions",
    );
  });
  core.onClockAdvance((now) => closePeriods(core, now));
};
