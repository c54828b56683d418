import { defineEnv } from "@storeflow/env";
import { z } from "zod";

/**
 * Stripe settings. All optional: without STRIPE_SECRET_KEY billing is off (no
 * usage reporting, the billing page says so, the webhook route answers 404).
 */
export const readBillingEnv = defineEnv({
  /** The platform's secret key (sk_live_… / sk_test_… / a restricted rk_…). Never logged. */
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_…, sk_live_…, rk_…)").optional(),
  /** The webhook endpoint's signing secret (whsec_…); the portal's /api/stripe/webhook needs it. */
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must be a webhook signing secret (whsec_…)").optional(),
  /** Another Stripe API base (the local simulator, e.g. http://127.0.0.1:4012). Unset: https://api.stripe.com. */
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
});

export type TBillingEnv = ReturnType<typeof readBillingEnv>;
