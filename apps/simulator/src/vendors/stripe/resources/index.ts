import { type TStripeResource } from "../core/router";
import { accountsResource } from "./accounts";
import { applicationFeesResource } from "./application-fees";
import { billingPortalResource } from "./billing-portal";
import { checkoutSessionsResource } from "./checkout-sessions";
import { customersResource } from "./customers";
import { eventsResource } from "./events";
import { invoiceItemsResource } from "./invoice-items";
import { invoicesResource } from "./invoices";
import { invoiceWritesResource } from "./invoice-writes";
import { metersResource } from "./meters";
import { paymentMethodsResource } from "./payment-methods";
import { pricesResource } from "./prices";
import { productsResource } from "./products";
import { subscriptionsResource } from "./subscriptions";

/** Every resource the simulator serves; a new module is one import and one entry here. */
export const stripeResources: readonly TStripeResource[] = [
  customersResource,
  productsResource,
  pricesResource,
  metersResource,
  paymentMethodsResource,
  invoicesResource,
  invoiceItemsResource,
  invoiceWritesResource,
  accountsResource,
  applicationFeesResource,
  subscriptionsResource,
  checkoutSessionsResource,
  billingPortalResource,
  eventsResource,
];
