import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { withTenant } from "@storeflow/db";
import { ConflictError, DomainError } from "@storeflow/errors";
import type Stripe from "stripe";
import { z } from "zod";
import { ensurePartnerCustomer, LIVE_SUBSCRIPTION_STATUSES } from "./partner-billing";
import { resolvePlanPrices } from "./plan-sync";
import { findPlan, planKeyOfLookupKey, ZPlanKey } from "./plans";

export const ZStartPlanChangeInput = z.object({
  planKey: ZPlanKey,
  /** The billing page: Checkout returns here (with ?checkout=success or ?checkout=cancelled). */
  returnUrl: z.url(),
});

/** A Checkout page to subscribe on, or the plan the existing subscription was moved to. */
export const ZPlanChangeResult = z.discriminatedUnion("kind", [z.object({ kind: z.literal("checkout"), url: z.url() }), z.object({ kind: z.literal("changed"), planKey: ZPlanKey })]);
export type TPlanChangeResult = z.infer<typeof ZPlanChangeResult>;

/**
 * Puts the partner on `planKey`. Without a live subscription: a Checkout
 * Session (subscription mode) to enter a card and subscribe. With one: its
 * items swap to the plan's prices. Storeflow's own state follows from Stripe's
 * webhooks, never from this call's answer. These are one person's actions, so
 * no key is derived for them: the SDK keys each call and reuses the key on its
 * own retries, and repeating the same change sets the same prices.
 */
export async function startPlanChange({ actor, stripe, input }: { actor: TActor; stripe: Stripe; input: z.input<typeof ZStartPlanChangeInput> }): Promise<TPlanChangeResult> {
  const { planKey, returnUrl } = ZStartPlanChangeInput.parse(input);
  const plan = findPlan(planKey)!;
  const prices = await resolvePlanPrices(stripe, plan);
  if (!prices) throw new DomainError("BAD_REQUEST", "Plans are not set up in Stripe yet; run the plan sync first");
  const customerId = await ensurePartnerCustomer({ actor, stripe });
  const billing = await withTenant(actor.db, actor.scope, (tx) => tx.partnerBilling.findUniqueOrThrow({ where: { partnerId: actor.scope.partnerId } }));

  if (billing.stripeSubscriptionId && billing.subscriptionStatus && LIVE_SUBSCRIPTION_STATUSES.includes(billing.subscriptionStatus)) {
    if (billing.planKey === planKey) throw new ConflictError(`You are already on the ${plan.name} plan`, "planKey");
    const subscription = await stripe.subscriptions.retrieve(billing.stripeSubscriptionId);
    // Our two items swap prices; any other item on the subscription is left as it is.
    const items: Stripe.SubscriptionUpdateParams.Item[] = [];
    for (const kind of ["base", "runs"] as const) {
      const item = subscription.items.data.find((i) => planKeyOfLookupKey(i.price.lookup_key) && i.price.lookup_key?.endsWith(`_${kind}`));
      const price = kind === "base" ? prices.basePriceId : prices.runsPriceId;
      items.push(item ? { id: item.id, price } : { price, ...(kind === "base" ? { quantity: 1 } : {}) });
    }
    await stripe.subscriptions.update(subscription.id, { items, proration_behavior: "none", metadata: { storeflow_plan: planKey } });
    await withTenant(actor.db, actor.scope, (tx) =>
      recordAudit({ tx, scope: actor.scope, action: "billing.plan_changed", target: { type: "subscription", id: subscription.id }, data: { from: billing.planKey, to: planKey } }),
    );
    return { kind: "changed", planKey };
  }

  const back = (outcome: string) => {
    const url = new URL(returnUrl);
    url.searchParams.set("checkout", outcome);
    return url.toString();
  };
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    client_reference_id: actor.scope.partnerId,
    line_items: [{ price: prices.basePriceId, quantity: 1 }, { price: prices.runsPriceId }],
    subscription_data: { metadata: { storeflow_partner_id: actor.scope.partnerId, storeflow_plan: planKey } },
    success_url: back("success"),
    cancel_url: back("cancelled"),
  });
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL");
  await withTenant(actor.db, actor.scope, (tx) => recordAudit({ tx, scope: actor.scope, action: "billing.checkout_started", target: { type: "checkout_session", id: session.id }, data: { planKey } }));
  return { kind: "checkout", url: session.url };
}

export const ZBillingPortalInput = z.object({ returnUrl: z.url() });

/**
 * A Billing Portal session URL, where the partner manages cards and sees
 * Stripe's own invoice history. The session lets its bearer change how the
 * partner pays, so each one is audited.
 */
export async function createBillingPortalUrl({ actor, stripe, input }: { actor: TActor; stripe: Stripe; input: z.input<typeof ZBillingPortalInput> }): Promise<string> {
  const { returnUrl } = ZBillingPortalInput.parse(input);
  const customer = await ensurePartnerCustomer({ actor, stripe });
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: returnUrl });
  await withTenant(actor.db, actor.scope, (tx) => recordAudit({ tx, scope: actor.scope, action: "billing.portal_opened", target: { type: "billing_portal_session", id: session.id }, data: { customer } }));
  return session.url;
}
