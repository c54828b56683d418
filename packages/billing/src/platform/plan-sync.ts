import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { PLANS, planLookupKeys, RUNS_METER_EVENT, type TPlan } from "./plans";

/** One plan as it exists in Stripe after a sync. */
export interface TSyncedPlan {
  planKey: string;
  productId: string;
  basePriceId: string;
  runsPriceId: string;
  meterId: string;
}

/** Options for {@link syncPlans}. */
export interface SyncPlansOptions {
  stripe: Stripe;
  /** @defaultValue PLANS */
  plans?: readonly TPlan[];
}

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

async function ensureMeter(stripe: Stripe): Promise<string> {
  for await (const meter of stripe.billing.meters.list({ status: "active", limit: 100 })) {
    if (meter.event_name === RUNS_METER_EVENT) return meter.id;
  }
  const meter = await stripe.billing.meters.create(
    { display_name: "Workflow runs", event_name: RUNS_METER_EVENT, default_aggregation: { formula: "sum" }, customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" }, value_settings: { event_payload_key: "value" } },
    { idempotencyKey: `storeflow-meter-${RUNS_METER_EVENT}` },
  );
  return meter.id;
}

async function ensureProduct(stripe: Stripe, plan: TPlan): Promise<string> {
  const id = `storeflow_plan_${plan.key}`;
  const wanted = { name: `Storeflow ${plan.name}`, description: plan.description };
  const existing = await stripe.products.retrieve(id).catch((error: unknown) => {
    if ((error as Stripe.errors.StripeError).code === "resource_missing") return null;
    throw error;
  });
  if (!existing) {
    await stripe.products.create({ id, ...wanted, metadata: { storeflow_plan: plan.key } }, { idempotencyKey: `storeflow-product-${id}` });
  } else if (existing.name !== wanted.name || existing.description !== wanted.description || !existing.active) {
    await stripe.products.update(id, { ...wanted, active: true }, { idempotencyKey: `storeflow-product-${id}-${digest(wanted)}` });
  }
  return id;
}

/** What a price must be; compared with what Stripe has, and hashed into the key of the request that creates it. */
function wantedPrices(plan: TPlan, productId: string, meterId: string) {
  const keys = planLookupKeys(plan);
  const base: Stripe.PriceCreateParams = { currency: plan.currency, product: productId, unit_amount: plan.baseAmount, recurring: { interval: "month", usage_type: "licensed" }, lookup_key: keys.base, nickname: `${plan.name} monthly fee` };
  const runs: Stripe.PriceCreateParams = {
    currency: plan.currency,
    product: productId,
    billing_scheme: "tiered",
    tiers_mode: "graduated",
    // The included runs as a free first tier: Stripe shows and invoices them as such.
    tiers: [{ up_to: plan.includedRuns, unit_amount: 0 }, { up_to: "inf", unit_amount: plan.overagePerRun }],
    recurring: { interval: "month", usage_type: "metered", meter: meterId },
    lookup_key: keys.runs,
    nickname: `${plan.name} workflow runs`,
  };
  return { base, runs };
}

function matches(price: Stripe.Price, wanted: Stripe.PriceCreateParams): boolean {
  const tiers = (price.tiers ?? []).map((t) => [t.up_to, t.unit_amount ?? 0]);
  const wantedTiers = (wanted.tiers ?? []).map((t) => [t.up_to === "inf" ? null : t.up_to, t.unit_amount ?? 0]);
  return (
    price.active &&
    price.currency === wanted.currency &&
    price.product === wanted.product &&
    (price.unit_amount ?? null) === (wanted.unit_amount ?? null) &&
    price.recurring?.interval === wanted.recurring?.interval &&
    price.recurring?.usage_type === wanted.recurring?.usage_type &&
    (price.recurring?.meter ?? null) === (wanted.recurring?.meter ?? null) &&
    JSON.stringify(tiers) === JSON.stringify(wantedTiers)
  );
}

/**
 * Stripe prices cannot change their amounts, so a plan whose price changed in
 * code gets a new price that takes over the lookup key; the old one is archived
 * (subscriptions on it keep it until they change plan). The create request's
 * key hashes the price it asks for and the price it replaces: the same sync
 * retried replays the same price, while going back to an earlier price later
 * is a new request (the earlier price is archived and has lost its key).
 */
async function ensurePrice(stripe: Stripe, existing: Stripe.Price | undefined, wanted: Stripe.PriceCreateParams): Promise<string> {
  if (existing && matches(existing, wanted)) return existing.id;
  const created = await stripe.prices.create({ ...wanted, transfer_lookup_key: true }, { idempotencyKey: `storeflow-price-${wanted.lookup_key}-${digest({ wanted, replacing: existing?.id ?? null })}` });
  if (existing && existing.id !== created.id && existing.active) {
    await stripe.prices.update(existing.id, { active: false }, { idempotencyKey: `storeflow-price-archive-${existing.id}` });
  }
  return created.id;
}

/**
 * Makes Stripe hold every plan: the runs meter, one product per plan, and its
 * base and runs prices under their lookup keys. Safe to run any number of
 * times and at once from several processes: what already matches is left
 * alone, and every write carries a key derived from what it writes.
 */
export async function syncPlans({ stripe, plans = PLANS }: SyncPlansOptions): Promise<TSyncedPlan[]> {
  const meterId = await ensureMeter(stripe);
  const synced: TSyncedPlan[] = [];
  for (const plan of plans) {
    const productId = await ensureProduct(stripe, plan);
    const keys = planLookupKeys(plan);
    const found = await stripe.prices.list({ lookup_keys: [keys.base, keys.runs], expand: ["data.tiers"], limit: 10 });
    const byKey = new Map(found.data.map((p) => [p.lookup_key, p]));
    const wanted = wantedPrices(plan, productId, meterId);
    synced.push({
      planKey: plan.key,
      productId,
      basePriceId: await ensurePrice(stripe, byKey.get(keys.base), wanted.base),
      runsPriceId: await ensurePrice(stripe, byKey.get(keys.runs), wanted.runs),
      meterId,
    });
  }
  return synced;
}

/** The current price ids of one plan, by lookup key; null when the plans were never synced. */
export async function resolvePlanPrices(stripe: Stripe, plan: TPlan): Promise<{ basePriceId: string; runsPriceId: string } | null> {
  const keys = planLookupKeys(plan);
  const { data } = await stripe.prices.list({ lookup_keys: [keys.base, keys.runs], active: true, limit: 10 });
  const base = data.find((p) => p.lookup_key === keys.base);
  const runs = data.find((p) => p.lookup_key === keys.runs);
  return base && runs ? { basePriceId: base.id, runsPriceId: runs.id } : null;
}
