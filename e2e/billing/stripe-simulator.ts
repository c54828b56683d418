import { SIMULATOR_HOST } from "../fixtures/simulator";

/**
 * The simulator's local Stripe API (apps/simulator/src/vendors/stripe), which the
 * simulator web server starts next to the retail stand-ins. The portal's real
 * Stripe SDK points at it; it posts its signed events to the portal's webhook.
 * Plain data; the key and secret are the simulator's defaults (apps/simulator/src/env.ts).
 */
export const SIM_STRIPE_PORT = Number(process.env.SIMULATOR_STRIPE_PORT ?? 4012);
export const SIM_STRIPE = {
  apiBase: `http://${SIMULATOR_HOST}:${SIM_STRIPE_PORT}`,
  secretKey: "sk_test_storeflow_simulator",
  webhookSecret: "whsec_storeflow_simulator",
} as const;
