import { invalidParam, StripeApiError } from "../core/errors";
import { listObject } from "../core/list";
import { hashParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";

export type TAccount = TStripeObject & {
  type: "standard" | "express" | "custom";
  email: string | null;
  country: string;
  default_currency: string;
  business_profile: { name: string | null; support_email: string | null; url: string | null };
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  requirements: { currently_due: string[]; eventually_due: string[]; past_due: string[]; disabled_reason: string | null };
  metadata: Record<string, string>;
};

/** Not a Stripe object: the simulator's record of an onboarding link, so its hosted page knows the account. */
type TAccountLink = TStripeObject & { account: string; type: string; return_url: string; refresh_url: string; expires_at: number };

/** What a new account must still provide before it may charge: Stripe's usual first requirements. */
const ONBOARDING_REQUIREMENTS = ["business_profile.url", "external_account", "tos_acceptance.date", "tos_acceptance.ip"];
const LINK_TTL_S = 300;

/**
 * Completes an account's onboarding as the hosted flow would: details
 * submitted, requirements met, charges and payouts enabled; emits
 * account.updated to Connect endpoints (the event carries `account`).
 */
export function completeAccountOnboarding(core: TStripeCore, accountId: string): TAccount {
  const account = core.objects.require<TAccount>(null, accountId, "account");
  const previous = { charges_enabled: account.charges_enabled, payouts_enabled: account.payouts_enabled, details_submitted: account.details_submitted, requirements: account.requirements };
  Object.assign(account, {
    charges_enabled: true,
    payouts_enabled: true,
    details_submitted: true,
    requirements: { currently_due: [], eventually_due: [], past_due: [], disabled_reason: null },
  });
  core.events.emit({ account: account.id, type: "account.updated", object: account, previousAttributes: previous });
  return account;
}

/** Stripe disabling an account (a review, missing documents): charges stop until requirements are met. */
export function restrictAccount(core: TStripeCore, accountId: string, requirement: string): TAccount {
  const account = core.objects.require<TAccount>(null, accountId, "account");
  const previous = { charges_enabled: account.charges_enabled, requirements: account.requirements };
  Object.assign(account, {
    charges_enabled: false,
    requirements: { ...account.requirements, currently_due: [requirement], past_due: [requirement], disabled_reason: "requirements.past_due" },
  });
  core.events.emit({ account: account.id, type: "account.updated", object: account, previousAttributes: previous });
  return account;
}

function platformOnly(account: string | null, what: string) {
  // A connected account cannot manage accounts; Stripe answers as for an unknown route of the platform.
  if (account !== null) throw new StripeApiError({ status: 403, type: "invalid_request_error", code: "platform_api_key_expired", message: `Only the platform can ${what}.` });
}

/**
 * Connect: `/v1/accounts` (create, retrieve, update, list) and `/v1/account_links`
 * on the platform, with a hosted onboarding page (`/connect/onboarding/:id`,
 * its form completes onboarding and returns to `return_url`). Accounts are
 * platform objects, so `Stripe-Account: acct_…` works only for accounts made here.
 */
export const accountsResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.post("/accounts", (req) => {
    platformOnly(req.account, "create connected accounts");
    const type = stringParam(req.params, "type", { enum: ["standard", "express", "custom"] });
    const controller = hashParam(req.params, "controller");
    if (!type && !controller) throw invalidParam("type", "You must provide either `type` or `controller`.", "parameter_missing");
    const profile = hashParam(req.params, "business_profile") ?? {};
    const account = objects.insert<TAccount>(null, "acct", "account", {
      type: type ?? "standard",
      email: stringParam(req.params, "email") ?? null,
      country: (stringParam(req.params, "country") ?? "US").toUpperCase(),
      default_currency: stringParam(req.params, "default_currency") ?? "usd",
      business_profile: { name: stringParam(profile, "name") ?? null, support_email: stringParam(profile, "support_email") ?? null, url: stringParam(profile, "url") ?? null },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      requirements: { currently_due: [...ONBOARDING_REQUIREMENTS], eventually_due: [...ONBOARDING_REQUIREMENTS], past_due: [], disabled_reason: "requirements.past_due" },
      metadata: mergeMetadata({}, req.params),
    });
    return account;
  });
  router.get("/accounts/:id", (req) => {
    platformOnly(req.account, "retrieve other accounts");
    return objects.require(null, req.pathParams.id!, "account");
  });
  router.post("/accounts/:id", (req) => {
    platformOnly(req.account, "update connected accounts");
    const account = objects.require<TAccount>(null, req.pathParams.id!, "account");
    const profile = hashParam(req.params, "business_profile");
    const updated = objects.update<TAccount>(null, account.id, {
      ...(stringParam(req.params, "email") !== undefined ? { email: stringParam(req.params, "email") } : {}),
      ...(profile ? { business_profile: { ...account.business_profile, ...Object.fromEntries(Object.entries(profile).filter(([, v]) => typeof v === "string")) } } : {}),
      metadata: mergeMetadata(account.metadata, req.params),
    });
    core.events.emit({ account: account.id, type: "account.updated", object: updated });
    return updated;
  });
  router.get("/accounts", (req) => {
    platformOnly(req.account, "list connected accounts");
    return listObject(objects.list(null, "account"), req.params, "/v1/accounts");
  });

  router.post("/account_links", (req) => {
    platformOnly(req.account, "create account links");
    const accountId = stringParam(req.params, "account", { required: true });
    const type = stringParam(req.params, "type", { required: true, enum: ["account_onboarding", "account_update"] });
    const returnUrl = stringParam(req.params, "return_url", { required: true });
    const refreshUrl = stringParam(req.params, "refresh_url", { required: true });
    const account = objects.require<TAccount>(null, accountId, "account", { param: "account" });
    if (type === "account_update" && account.type !== "custom" && account.type !== "express") {
      throw invalidParam("type", "You cannot create `account_update` type Account Links for Standard accounts.", "parameter_invalid_string");
    }
    const expiresAt = core.clock.now() + LINK_TTL_S;
    const link = objects.insert<TAccountLink>(null, "acctlink", "sim.account_link", { account: accountId, type, return_url: returnUrl, refresh_url: refreshUrl, expires_at: expiresAt });
    return { object: "account_link", created: link.created, expires_at: expiresAt, url: `${core.baseUrl()}/connect/onboarding/${link.id}` };
  });

  const findLink = (id: string) => objects.get<TAccountLink>(null, id, "sim.account_link");
  router.pages.get("/connect/onboarding/:id", (c) => {
    const link = findLink(c.req.param("id"));
    if (!link) return c.text("This link is not valid", 404);
    if (link.expires_at < core.clock.now()) return c.redirect(link.refresh_url);
    const account = objects.require<TAccount>(null, link.account, "account");
    return c.html(
      `<!doctype html><title>Set up payments</title><h1>Set up payments for ${account.business_profile.name ?? account.id}</h1>` +
        `<p>Still needed: ${account.requirements.currently_due.join(", ") || "nothing"}</p>` +
        `<form method="post"><button type="submit">Submit details</button></form>`,
    );
  });
  router.pages.post("/connect/onboarding/:id", (c) => {
    const link = findLink(c.req.param("id"));
    if (!link) return c.text("This link is not valid", 404);
    if (link.expires_at < core.clock.now()) return c.redirect(link.refresh_url);
    completeAccountOnboarding(core, link.account);
    return c.redirect(link.return_url);
  });
};
