import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";

/** Stripe's test cards: this one attaches fine and then every charge is declined. */
export const DECLINING_CARD = "4000000000000341";
export const SUCCEEDING_CARD = "4242424242424242";

export type TPaymentMethod = TStripeObject & { type: "card"; customer: string | null; card: { brand: string; last4: string; exp_month: number; exp_year: number } };

/** A card payment method attached to `customer` and made its default for invoices. */
export function attachCard(core: TStripeCore, account: string | null, customer: string, number: string): TPaymentMethod {
  const method = core.objects.insert<TPaymentMethod>(account, "pm", "payment_method", {
    type: "card",
    customer,
    card: { brand: "visa", last4: number.slice(-4), exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 },
  });
  const previous = core.objects.require(account, customer, "customer");
  core.objects.update(account, customer, { invoice_settings: { default_payment_method: method.id } });
  core.events.emit({ account, type: "payment_method.attached", object: method });
  core.events.emit({ account, type: "customer.updated", object: core.objects.require(account, customer, "customer"), previousAttributes: { invoice_settings: previous.invoice_settings } });
  return method;
}

/** `GET /v1/payment_methods/:id`. */
export const paymentMethodsResource: TStripeResource = (router, { objects }) => {
  router.get("/payment_methods/:id", (req) => objects.require(req.account, req.pathParams.id!, "payment_method", { label: "payment method" }));
};
