import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { type TDb, type TTx, withTenant } from "@storeflow/db";
import { DomainError, NotFoundError } from "@storeflow/errors";
import { type TQueryable } from "@storeflow/runs";
import type Stripe from "stripe";
import { z } from "zod";

/**
 * Standard accounts: the partner owns its Stripe account outright (its own
 * dashboard, payouts, disputes and branding), which is what invoicing clients
 * "on the partner's own account" with direct charges means. Express and custom
 * accounts leave the platform liable for the partner's losses and are meant for
 * destination charges, which would make the platform the merchant of record.
 */
export const CONNECT_ACCOUNT_TYPE = "standard";

export const ZConnectStatus = z.enum(["not_connected", "onboarding", "restricted", "active"]);
export type TConnectStatus = z.infer<typeof ZConnectStatus>;

export const ZPartnerConnectAccount = z.object({
  status: ZConnectStatus,
  stripeAccountId: z.string().nullable(),
  chargesEnabled: z.boolean(),
  payoutsEnabled: z.boolean(),
  detailsSubmitted: z.boolean(),
  requirementsDue: z.array(z.string()),
  disabledReason: z.string().nullable(),
  syncedAt: z.date().nullable(),
});
export type TPartnerConnectAccount = z.infer<typeof ZPartnerConnectAccount>;

export const ZStartOnboardingInput = z.object({
  /** Where Stripe sends the partner when onboarding is done (our billing page). */
  returnUrl: z.url(),
  /** Where Stripe sends the partner when the link expired: a page that makes a new one. */
  refreshUrl: z.url(),
});

const accountSelect = {
  stripeAccountId: true,
  chargesEnabled: true,
  payoutsEnabled: true,
  detailsSubmitted: true,
  requirementsDue: true,
  disabledReason: true,
  syncedAt: true,
} as const;

type TAccountRow = Omit<TPartnerConnectAccount, "status">;

function statusOf(row: TAccountRow): TConnectStatus {
  if (row.chargesEnabled) return "active";
  return row.detailsSubmitted ? "restricted" : "onboarding";
}

function toDto(row: TAccountRow | null): TPartnerConnectAccount {
  if (!row) return { status: "not_connected", stripeAccountId: null, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false, requirementsDue: [], disabledReason: null, syncedAt: null };
  return { status: statusOf(row), ...row };
}

/** The partner's connected account as last synced from Stripe (client users never see it: RLS). */
export async function getPartnerConnectAccount(actor: TActor): Promise<TPartnerConnectAccount> {
  return withTenant(actor.db, actor.scope, async (tx) => toDto(await tx.partnerConnectAccount.findUnique({ where: { partnerId: actor.scope.partnerId }, select: accountSelect })));
}

/** A charges-enabled account to issue invoices on, or the reason there is none. */
export async function requireChargeableAccount(tx: TTx, partnerId: string): Promise<string> {
  const row = await tx.partnerConnectAccount.findUnique({ where: { partnerId }, select: accountSelect });
  if (!row) throw new DomainError("PRECONDITION_FAILED", "Connect a Stripe account before billing clients");
  if (!row.chargesEnabled) throw new DomainError("PRECONDITION_FAILED", `The partner's Stripe account cannot take payments yet (${row.requirementsDue.join(", ") || row.disabledReason || "onboarding unfinished"})`);
  return row.stripeAccountId;
}

/** Options for {@link startPartnerOnboarding}. */
export interface StartPartnerOnboardingOptions {
  actor: TActor;
  stripe: Stripe;
  input: z.input<typeof ZStartOnboardingInput>;
}

/**
 * Creates the partner's connected account on first use (one per partner: the
 * create carries an idempotency key derived from the partner, so a retry after
 * a crash between Stripe's answer and our insert gets the same account back),
 * then a fresh onboarding link. Links are single-use and expire in minutes, so
 * each call makes a new one; the account itself is made once.
 */
export async function startPartnerOnboarding({ actor, stripe, input }: StartPartnerOnboardingOptions): Promise<{ url: string; expiresAt: Date; stripeAccountId: string }> {
  const { returnUrl, refreshUrl } = ZStartOnboardingInput.parse(input);
  const { partnerId } = actor.scope;
  const existing = await withTenant(actor.db, actor.scope, async (tx) => {
    const partner = await tx.partner.findUnique({ where: { id: partnerId }, select: { name: true, supportEmail: true } });
    if (!partner) throw new NotFoundError("The partner");
    const account = await tx.partnerConnectAccount.findUnique({ where: { partnerId }, select: accountSelect });
    return { partner, account };
  });
  let stripeAccountId = existing.account?.stripeAccountId;
  if (!stripeAccountId) {
    const account = await stripe.accounts.create(
      {
        type: CONNECT_ACCOUNT_TYPE,
        email: existing.partner.supportEmail,
        business_profile: { name: existing.partner.name, support_email: existing.partner.supportEmail },
        metadata: { storeflow_partner_id: partnerId },
      },
      { idempotencyKey: `storeflow:connect-account:${partnerId}` },
    );
    stripeAccountId = await withTenant(actor.db, actor.scope, async (tx) => {
      const { count } = await tx.partnerConnectAccount.createMany({ data: [{ partnerId, stripeAccountId: account.id, ...flagsOf(account) }], skipDuplicates: true });
      if (count > 0) await recordAudit({ tx, scope: actor.scope, action: "billing.connect_account_created", target: { type: "partner", id: partnerId }, data: { stripeAccountId: account.id, type: CONNECT_ACCOUNT_TYPE } });
      return (await tx.partnerConnectAccount.findUniqueOrThrow({ where: { partnerId }, select: { stripeAccountId: true } })).stripeAccountId;
    });
  }
  const link = await stripe.accountLinks.create({ account: stripeAccountId, type: "account_onboarding", return_url: returnUrl, refresh_url: refreshUrl });
  // Each link lets its bearer fill in the partner's payout details, so each one is on the record.
  await withTenant(actor.db, actor.scope, (tx) => recordAudit({ tx, scope: actor.scope, action: "billing.connect_onboarding_started", target: { type: "partner", id: partnerId }, data: { stripeAccountId } }));
  return { url: link.url, expiresAt: new Date(link.expires_at * 1000), stripeAccountId };
}

function flagsOf(account: Stripe.Account) {
  return {
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    requirementsDue: account.requirements?.currently_due ?? [],
    disabledReason: account.requirements?.disabled_reason ?? null,
  };
}

/** Options for {@link syncConnectAccount}. */
export interface SyncConnectAccountOptions {
  /** storeflow_app client: the change and its audit are made in the partner's scope. */
  db: TDb;
  /** A storeflow_app pool in the system scope, to find which partner owns the account. */
  system: TQueryable;
  stripe: Stripe;
  stripeAccountId: string;
  now?: Date;
}

/**
 * Brings a connected account's flags up to date from Stripe (account.updated).
 * It fetches the account rather than reading the event, so events delivered
 * twice or out of order all end in Stripe's current state. Returns null for an
 * account no partner owns (another platform's, or one deleted here).
 */
export async function syncConnectAccount({ db, system, stripe, stripeAccountId, now = new Date() }: SyncConnectAccountOptions): Promise<TPartnerConnectAccount | null> {
  const { rows } = await system.query<{ partner_id: string }>("select partner_id from partner_connect_accounts where stripe_account_id = $1", [stripeAccountId]);
  const partnerId = rows[0]?.partner_id;
  if (!partnerId) return null;
  const account = await stripe.accounts.retrieve(stripeAccountId);
  const flags = flagsOf(account);
  return withTenant(db, { partnerId }, async (tx) => {
    const before = await tx.partnerConnectAccount.findUniqueOrThrow({ where: { partnerId }, select: accountSelect });
    const after = await tx.partnerConnectAccount.update({ where: { partnerId }, data: { ...flags, syncedAt: now, updatedAt: now }, select: accountSelect });
    if (statusOf(before) !== statusOf(after) || before.requirementsDue.join() !== after.requirementsDue.join()) {
      await recordAudit({
        tx,
        scope: { partnerId },
        action: "billing.connect_account_updated",
        target: { type: "partner", id: partnerId },
        data: { stripeAccountId, from: statusOf(before), to: statusOf(after), requirementsDue: after.requirementsDue },
      });
    }
    return toDto(after);
  });
}
