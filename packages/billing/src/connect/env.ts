import { defineEnv } from "@storeflow/env";
import { z } from "zod";

/** Partner → client billing and dunning settings; every one has a default. */
export const readClientBillingEnv = defineEnv({
  /** The platform's application fee on every client invoice, in basis points of its subtotal (200 = 2 %). */
  STRIPE_CONNECT_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(200),
  /** Days a client has to pay its partner's invoice. */
  BILLING_CLIENT_DAYS_UNTIL_DUE: z.coerce.number().int().min(1).max(90).default(14),
  /** Days an unpaid partner keeps running after a failed payment before all its clients pause. */
  BILLING_PARTNER_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
});

export type TClientBillingEnv = ReturnType<typeof readClientBillingEnv>;
