import type Stripe from "stripe";
import { syncPartnerInvoice, syncPartnerSubscription } from "../platform/state-sync";
import { type TStripeEventHandler } from "./event-handler";

const customerOf = (object: { customer?: string | { id: string } | null }) => (typeof object.customer === "string" ? object.customer : (object.customer?.id ?? null));

/** Subscription state of partners: the subscription re-fetched on every event that may change it. */
const subscriptionHandler: TStripeEventHandler = {
  name: "platform.subscription",
  scope: "platform",
  types: ["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.paused", "customer.subscription.resumed"],
  async handle({ event, stripe, client }) {
    const subscription = event.data.object as Stripe.Subscription;
    const customerId = customerOf(subscription);
    if (customerId) await syncPartnerSubscription({ client, stripe, customerId, id: subscription.id });
  },
};

/** A completed subscription checkout: the subscription it created (its own events may come later, or never first). */
const checkoutHandler: TStripeEventHandler = {
  name: "platform.checkout",
  scope: "platform",
  types: ["checkout.session.completed"],
  async handle({ event, stripe, client }) {
    const session = event.data.object as Stripe.Checkout.Session;
    const customerId = customerOf(session);
    const subscription = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
    if (session.mode === "subscription" && customerId && subscription) await syncPartnerSubscription({ client, stripe, customerId, id: subscription });
  },
};

/** Partners' invoices, re-fetched on every change. */
const invoiceHandler: TStripeEventHandler = {
  name: "platform.invoice",
  scope: "platform",
  types: ["invoice.created", "invoice.finalized", "invoice.updated", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "invoice.voided", "invoice.marked_uncollectible"],
  async handle({ event, stripe, client }) {
    const invoice = event.data.object as Stripe.Invoice;
    const customerId = customerOf(invoice);
    if (customerId && invoice.id) await syncPartnerInvoice({ client, stripe, customerId, id: invoice.id });
  },
};

export const platformEventHandlers: readonly TStripeEventHandler[] = [checkoutHandler, subscriptionHandler, invoiceHandler];
