import { CONNECT_ACCOUNT_TYPE, createStripeClient, syncPlans, type TStripeClient } from "@storeflow/billing";
import { type TDb } from "@storeflow/db";
import { completeAccountOnboarding, startStripeSimulator, type TStripeSimulator } from "@storeflow/simulator";
import { afterAll, beforeAll } from "vitest";

/**
 * The local Stripe server for one test file, the real SDK pointed at it, and
 * the plans synced into it (plan changes look their prices up by lookup key).
 * Read the fields inside tests.
 */
export function useStripeSimulator(): { sim: TStripeSimulator; stripe: TStripeClient } {
  const state = {} as { sim: TStripeSimulator; stripe: TStripeClient };
  beforeAll(async () => {
    state.sim = await startStripeSimulator();
    state.stripe = createStripeClient({ secretKey: state.sim.secretKey, apiBase: state.sim.url, maxNetworkRetries: 0 });
    await syncPlans({ stripe: state.stripe });
  });
  afterAll(async () => {
    await state.sim?.close();
  });
  return state;
}

/** The price each seeded client is on: 50.00 a month, 100 runs included, 2 ¢ a run past them. */
export const SEEDED_PRICE_BOOK = { currency: "usd", monthlyFee: 5_000, includedRuns: 100, overagePerRun: 2 } as const;

/**
 * Lets the partner invoice `clientIds`: a connected account that finished
 * onboarding (as account.updated would have recorded it) and a price book on
 * each client. Returns the connected account's id.
 */
export async function seedClientBilling({ adminDb, sim, stripe, partnerId, clientIds }: { adminDb: TDb; sim: TStripeSimulator; stripe: TStripeClient; partnerId: string; clientIds: string[] }): Promise<string> {
  const account = await stripe.accounts.create({ type: CONNECT_ACCOUNT_TYPE, metadata: { storeflow_partner_id: partnerId } });
  completeAccountOnboarding(sim.core, account.id);
  await adminDb.partnerConnectAccount.create({ data: { partnerId, stripeAccountId: account.id, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, syncedAt: new Date() } });
  await adminDb.clientPriceBook.createMany({ data: clientIds.map((clientId) => ({ partnerId, clientId, ...SEEDED_PRICE_BOOK })) });
  return account.id;
}
