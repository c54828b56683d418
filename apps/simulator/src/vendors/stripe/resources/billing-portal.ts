import { stringParam } from "../core/params";
import { type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";
import { retryOpenInvoices } from "./invoices";
import { attachCard, SUCCEEDING_CARD } from "./payment-methods";

export type TBillingPortalSession = TStripeObject & { customer: string; return_url: string | null; url: string };

/**
 * `POST /v1/billing_portal/sessions` and its hosted page, where the customer
 * replaces the card (open invoices are charged again at once) and returns.
 */
export const billingPortalResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.post("/billing_portal/sessions", (req) => {
    const customer = stringParam(req.params, "customer", { required: true });
    objects.require(req.account, customer, "customer", { param: "customer" });
    const session = objects.insert<TBillingPortalSession>(req.account, "bps", "billing_portal.session", { customer, return_url: stringParam(req.params, "return_url") ?? null, url: "" });
    session.url = `${core.baseUrl()}/billing_portal/${session.id}`;
    return session;
  });
  router.pages.get("/billing_portal/:id", (c) => {
    const session = objects.all<TBillingPortalSession>("billing_portal.session").find((s) => s.value.id === c.req.param("id"))?.value;
    if (!session) return c.text("No such session", 404);
    return c.html(`<!doctype html><title>Simulated billing portal</title><h1>Manage billing</h1>
<form method="post"><input type="hidden" name="card" value="${SUCCEEDING_CARD}"><button type="submit">Replace card with one ending 4242</button></form>
${session.return_url ? `<a href="${session.return_url}">Return</a>` : ""}`);
  });
  router.pages.post("/billing_portal/:id", async (c) => {
    const stored = objects.all<TBillingPortalSession>("billing_portal.session").find((s) => s.value.id === c.req.param("id"));
    if (!stored) return c.text("No such session", 404);
    const card = String((await c.req.parseBody()).card ?? SUCCEEDING_CARD);
    attachCard(core, stored.account, stored.value.customer, card);
    retryOpenInvoices(core, stored.account, stored.value.customer);
    return stored.value.return_url ? c.redirect(stored.value.return_url, 303) : c.text("Card updated");
  });
};
