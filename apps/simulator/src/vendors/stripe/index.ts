/**
 * # Local Stripe API server
 *
 * `startStripeSimulator()` serves the part of Stripe's REST API Storeflow uses,
 * on its own port (stripe-node has no base-path option, so `/v1/...` must be at
 * the root). Point the real SDK at it:
 * `new Stripe(sim.secretKey, { host: sim.host, port: sim.port, protocol: "http" })`.
 * `pnpm simulator` starts one on SIMULATOR_STRIPE_PORT (default 4012).
 *
 * ## What the core does for every route (core/router.ts)
 * - Auth: `Authorization: Bearer <secret key>` (401 otherwise). `Stripe-Account`
 *   (or `Stripe-Context`) selects a connected account: it must be an `account`
 *   object stored on the platform (403 otherwise), and objects of one account are
 *   invisible to every other (`No such …`, 404) — exactly Stripe's isolation.
 * - Params: form bodies (POST) and query strings (GET/DELETE), nested `a[b][0]=c`
 *   parsed by core/form.ts into `TParams` (strings, objects, arrays).
 * - `Idempotency-Key` on POST (core/idempotency.ts), per account: same key and
 *   params → the saved response replayed (`Idempotent-Replayed: true`); same key,
 *   other params or path → 400 `idempotency_error`; concurrent → 409. Requests
 *   rejected before executing (`invalidParam`, `saved: false`) are not saved.
 * - Errors: throw `StripeApiError` (core/errors.ts; `invalidParam`, `noSuch`
 *   helpers); answered as `{ error: { type, code, message, param } }`.
 * - `expand[]` applied to whatever a handler returns (ids → stored objects, also
 *   `data.x` on lists). Lists: `listObject(items, params, url)` in core/list.ts
 *   gives `limit`, `starting_after`, `ending_before`, `has_more`.
 * - Every request is recorded in `core.requests` (method, path, params, account,
 *   idempotencyKey, stripeVersion, status, replayed, response); never the key.
 *
 * ## Objects, clock, events
 * - `core.objects` (core/store.ts): `insert(account, prefix, object, fields)`,
 *   `get`, `require` (404 in Stripe's words), `update`, `list` (newest first),
 *   `all(object)` across accounts. `account` is null for the platform.
 * - `core.clock`: simulated Unix seconds; `core.advanceClock(s)` (or
 *   `POST /_sim/clock/advance {seconds}`) runs `core.onClockAdvance` hooks:
 *   subscriptions close periods and invoice (metered usage in arrears from
 *   `billing/meter_events`), open invoices retry payment.
 * - Events: `req.emit(type, object, previousAttributes?)` in a handler, or
 *   `core.events.emit({ account, type, object })` elsewhere. Events are stored
 *   (`GET /v1/events/:id`) and POSTed, signed with
 *   `Stripe.webhooks.generateTestHeaderString`, to `core.events.endpoints`
 *   (`connect: true` endpoints get connected accounts' events, with `account`).
 *   `events.hold()` / `release({ order: "reverse" })` / `redeliver(id)` for
 *   out-of-order and duplicate delivery; `events.flush()` awaits deliveries;
 *   `events.deliveries` records each one.
 *
 * ## Adding a resource
 * One file in resources/ exporting a `TStripeResource`
 * `(router, core) => { router.post("/things", (req) => …) }` (paths relative to
 * /v1; `req.params`, `req.pathParams`, `req.account`, `req.emit`), then one entry
 * in resources/index.ts. `router.pages` takes browser pages outside /v1.
 * Invoices: invoices.ts holds the model (`createInvoice`, `finalizeInvoice`,
 * `attemptInvoicePayment` — charges the default card; `DECLINING_CARD` fails)
 * and the GET routes; put invoice write routes (create/finalize/pay/void,
 * invoice items) and Connect (accounts, account links) in their own modules.
 *
 * Control API for other processes: `/_sim/health`, `/_sim/requests`,
 * `/_sim/deliveries`, `POST /_sim/webhook_endpoints {url, secret, connect?}`,
 * `POST /_sim/clock/advance`, `POST /_sim/events/hold`,
 * `POST /_sim/events/release?order=reverse`, `POST /_sim/events/:id/redeliver`,
 * `POST /_sim/reset`. Hosted pages: `/checkout/:id`, `/billing_portal/:id`,
 * `/invoices/:id`, `/invoices/:id/pdf`.
 */
export { startStripeSimulator, SIMULATED_API_VERSION, type StartStripeSimulatorOptions, type TStripeSimulator } from "./server";
export { StripeApiError, invalidParam, noSuch, type StripeApiErrorOptions, type TStripeErrorType } from "./core/errors";
export { parseStripeParams, type TParams, type TParamValue } from "./core/form";
export { listObject } from "./core/list";
export { stringParam, intParam, boolParam, hashParam, arrayParam, mergeMetadata } from "./core/params";
export { type TStripeCore, type TStripeRequest, type TStripeResource, type TStripeRouter, type TRecordedRequest } from "./core/router";
export { type TStripeObject, StripeObjects, StripeClock, stripeId } from "./core/store";
export { type TWebhookEndpoint, type TWebhookDelivery, type TEventObject, StripeEvents } from "./core/events";
export { stripeResources } from "./resources";
export { createInvoice, finalizeInvoice, attemptInvoicePayment, retryOpenInvoices, type TInvoice, type TInvoiceLine, type CreateInvoiceOptions } from "./resources/invoices";
export { createSubscription, type TSubscription, type TSubscriptionItem } from "./resources/subscriptions";
export { completeCheckoutSession, type TCheckoutSession } from "./resources/checkout-sessions";
export { attachCard, DECLINING_CARD, SUCCEEDING_CARD, type TPaymentMethod } from "./resources/payment-methods";
export { priceAmount, type TPrice } from "./resources/prices";
export { meterUsage, type TMeter } from "./resources/meters";
export { type TCustomer } from "./resources/customers";
export { completeAccountOnboarding, restrictAccount, type TAccount } from "./resources/accounts";
export { collectApplicationFees, type TApplicationFee } from "./resources/application-fees";
export { type TInvoiceItem } from "./resources/invoice-items";
