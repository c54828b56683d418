import { type TStripeClient } from "@storeflow/billing";
import { ValidationError } from "@storeflow/errors";
import { TRPCError } from "@trpc/server";
import { type TContext } from "./context";

/** The Stripe client for a billing action, or PRECONDITION_FAILED on a deployment without STRIPE_SECRET_KEY. */
export function requireStripe(ctx: Pick<TContext, "stripe">): TStripeClient {
  if (!ctx.stripe) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Billing is not configured: this deployment has no STRIPE_SECRET_KEY" });
  return ctx.stripe;
}

/**
 * An absolute URL of a portal page for Stripe to send the partner back to:
 * `url` when the caller named one, which must be on the portal's own origin
 * (Stripe redirects there with the partner signed in, so it is never anyone
 * else's page), otherwise `defaultPath` under the portal.
 */
export function portalPageUrl(ctx: Pick<TContext, "portalUrl">, { url, defaultPath, field }: { url: string | undefined; defaultPath: string; field: string }): string {
  const portal = new URL(ctx.portalUrl);
  if (url === undefined) return new URL(defaultPath, portal).toString();
  const target = new URL(url);
  if (target.origin !== portal.origin) throw new ValidationError([{ path: [field], message: `Must be a page of this portal (${portal.origin})` }]);
  return target.toString();
}
