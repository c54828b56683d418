import Stripe from "stripe";
import { type TBillingEnv } from "./env";

/** The SDK's client, for packages that hold one (the API's context) without depending on the SDK themselves. */
export type TStripeClient = Stripe;

/** Options for {@link createStripeClient}. */
export interface CreateStripeClientOptions {
  secretKey: string;
  /** Base URL of the API (scheme, host, port; no path: the SDK always calls /v1/…). @defaultValue https://api.stripe.com */
  apiBase?: string;
  /**
   * Network retries inside one call. They reuse the call's Idempotency-Key, so
   * they never duplicate; every write here passes a key derived from what it
   * does, so retries across calls and processes do not either. @defaultValue 2
   */
  maxNetworkRetries?: number;
  /** @defaultValue 20000 */
  timeoutMs?: number;
}

/** The real stripe-node client, pointed at Stripe or (host/port/protocol) at a local server that speaks its API. */
export function createStripeClient({ secretKey, apiBase, maxNetworkRetries = 2, timeoutMs = 20_000 }: CreateStripeClientOptions): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  if (base && base.pathname !== "/") throw new TypeError("STRIPE_API_BASE must not have a path: the Stripe SDK always calls /v1/… at the root");
  const protocol = base?.protocol === "http:" ? "http" : "https";
  return new Stripe(secretKey, {
    maxNetworkRetries,
    timeout: timeoutMs,
    appInfo: { name: "Storeflow" },
    ...(base ? { host: base.hostname, port: base.port || (protocol === "http" ? 80 : 443), protocol } : {}),
  });
}

/** The client for the environment, or null when billing is off (no STRIPE_SECRET_KEY). */
export function stripeClientFromEnv(env: TBillingEnv): Stripe | null {
  return env.STRIPE_SECRET_KEY ? createStripeClient({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE }) : null;
}
