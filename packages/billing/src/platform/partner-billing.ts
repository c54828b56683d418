import { type TActor } from "@storeflow/accounts";
import { withTenant } from "@storeflow/db";
import { NotFoundError } from "@storeflow/errors";
import type Stripe from "stripe";

/**
 * The partner's Stripe customer, created on first need. The create request's
 * key is the partner id, so two requests racing (or one retried) get the same
 * customer; the row is then written once (the primary key decides the race).
 */
export async function ensurePartnerCustomer({ actor, stripe }: { actor: TActor; stripe: Stripe }): Promise<string> {
  const existing = await withTenant(actor.db, actor.scope, (tx) => tx.partnerBilling.findUnique({ where: { partnerId: actor.scope.partnerId }, select: { stripeCustomerId: true } }));
  if (existing) return existing.stripeCustomerId;
  const partner = await withTenant(actor.db, actor.scope, (tx) => tx.partner.findUnique({ where: { id: actor.scope.partnerId }, select: { name: true, supportEmail: true } }));
  if (!partner) throw new NotFoundError("Partner");
  const customer = await stripe.customers.create(
    { name: partner.name, email: partner.supportEmail, metadata: { storeflow_partner_id: actor.scope.partnerId } },
    { idempotencyKey: `storeflow-partner-customer-${actor.scope.partnerId}` },
  );
  return withTenant(actor.db, actor.scope, async (tx) => {
    await tx.partnerBilling.createMany({ data: [{ partnerId: actor.scope.partnerId, stripeCustomerId: customer.id }], skipDuplicates: true });
    const row = await tx.partnerBilling.findUniqueOrThrow({ where: { partnerId: actor.scope.partnerId }, select: { stripeCustomerId: true } });
    return row.stripeCustomerId;
  });
}

/** Subscription statuses under which the partner has a plan (changes go through the subscription, not a new checkout). */
export const LIVE_SUBSCRIPTION_STATUSES: readonly string[] = ["active", "trialing", "past_due", "unpaid"];
