import { invalidParam } from "../core/errors";
import { listObject } from "../core/list";
import { arrayParam, hashParam, intParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";
import { attachCard, DECLINING_CARD, SUCCEEDING_CARD } from "./payment-methods";
import { createSubscription, type TSubscriptionItemInput } from "./subscriptions";

export type TCheckoutSession = TStripeObject & {
  mode: "subscription";
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  customer: string;
  client_reference_id: string | null;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  subscription: string | null;
  metadata: Record<string, string>;
  expires_at: number;
};

interface TSessionPlan {
  items: TSubscriptionItemInput[];
  subscriptionMetadata: Record<string, string>;
}

/**
 * Completes an open subscription-mode session as if the customer paid with
 * `card` on the hosted page: card attached, subscription created and its first
 * invoice charged, then checkout.session.completed.
 */
export function completeCheckoutSession(core: TStripeCore, sessionId: string, { card = SUCCEEDING_CARD }: { card?: string } = {}): TCheckoutSession {
  const stored = core.objects.all<TCheckoutSession>("checkout.session").find((s) => s.value.id === sessionId);
  if (!stored) throw new Error(`no checkout session ${sessionId}`);
  const { account, value: session } = stored;
  if (session.status !== "open") return session;
  const plan = plans.get(session.id)!;
  const method = attachCard(core, account, session.customer, card);
  const subscription = createSubscription(core, { account, customer: session.customer, items: plan.items, metadata: plan.subscriptionMetadata, defaultPaymentMethod: method.id });
  Object.assign(session, { status: "complete", payment_status: subscription.status === "active" ? "paid" : "unpaid", subscription: subscription.id, url: null });
  core.events.emit({ account, type: "checkout.session.completed", object: session, previousAttributes: { status: "open" } });
  return session;
}

// What the session will subscribe to; Stripe keeps line items off the session object unless expanded.
const plans = new Map<string, TSessionPlan>();

/**
 * `/v1/checkout/sessions` in subscription mode (create with an existing
 * customer, retrieve, list) and the hosted page at `/checkout/:id`, whose
 * buttons pay with a succeeding or a declining test card and redirect to
 * `success_url` (with `{CHECKOUT_SESSION_ID}` filled in).
 */
export const checkoutSessionsResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.post("/checkout/sessions", (req) => {
    const mode = stringParam(req.params, "mode", { required: true, enum: ["subscription", "payment", "setup"] });
    if (mode !== "subscription") throw invalidParam("mode", "The simulator supports mode=subscription only.", "parameter_invalid_string");
    const customer = stringParam(req.params, "customer", { required: true });
    objects.require(req.account, customer, "customer", { param: "customer" });
    const items = arrayParam(req.params, "line_items").map((raw, index) => {
      if (typeof raw !== "object" || Array.isArray(raw)) throw invalidParam(`line_items[${index}]`, "Invalid line item", "parameter_invalid_object");
      const price = stringParam(raw, "price", { required: true });
      objects.require(req.account, price, "price", { param: `line_items[${index}][price]` });
      return { price, quantity: intParam(raw, "quantity") };
    });
    if (items.length === 0) throw invalidParam("line_items", "Missing required param: line_items.", "parameter_missing");
    const subscriptionData = hashParam(req.params, "subscription_data");
    const session = objects.insert<TCheckoutSession>(req.account, "cs_test", "checkout.session", {
      mode,
      status: "open",
      payment_status: "unpaid",
      customer,
      client_reference_id: stringParam(req.params, "client_reference_id") ?? null,
      success_url: stringParam(req.params, "success_url", { required: true }),
      cancel_url: stringParam(req.params, "cancel_url") ?? null,
      url: null,
      subscription: null,
      metadata: mergeMetadata({}, req.params),
      expires_at: core.clock.now() + 86_400,
    });
    session.url = `${core.baseUrl()}/checkout/${session.id}`;
    plans.set(session.id, { items, subscriptionMetadata: subscriptionData ? mergeMetadata({}, subscriptionData) : {} });
    return session;
  });
  router.get("/checkout/sessions/:id", (req) => objects.require(req.account, req.pathParams.id!, "checkout.session", { label: "checkout session" }));
  router.get("/checkout/sessions", (req) => {
    const customer = stringParam(req.params, "customer");
    return listObject(objects.list<TCheckoutSession>(req.account, "checkout.session", (s) => !customer || s.customer === customer), req.params, "/v1/checkout/sessions");
  });

  router.pages.get("/checkout/:id", (c) => {
    const session = objects.all<TCheckoutSession>("checkout.session").find((s) => s.value.id === c.req.param("id"))?.value;
    if (!session || session.status !== "open") return c.html("<!doctype html><title>Checkout</title><p>This checkout session is no longer available.</p>", 404);
    return c.html(`<!doctype html><title>Simulated Stripe Checkout</title><h1>Subscribe</h1>
<form method="post"><input type="hidden" name="card" value="${SUCCEEDING_CARD}"><button type="submit">Pay with card ending 4242</button></form>
<form method="post"><input type="hidden" name="card" value="${DECLINING_CARD}"><button type="submit">Pay with card ending 0341 (declines)</button></form>
${session.cancel_url ? `<a href="${session.cancel_url}">Cancel</a>` : ""}`);
  });
  router.pages.post("/checkout/:id", async (c) => {
    const card = String((await c.req.parseBody()).card ?? SUCCEEDING_CARD);
    const session = completeCheckoutSession(core, c.req.param("id"), { card });
    return c.redirect(session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id), 303);
  });
};
