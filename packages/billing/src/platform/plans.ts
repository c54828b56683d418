import { z } from "zod";

/**
 * A platform plan: a monthly base fee plus workflow runs metered past an
 * included quantity. Code is the source of truth for what a plan costs;
 * Stripe holds the products and prices, found again by lookup key (see
 * syncPlans), so no Stripe id of a plan is stored in our database.
 */
export interface TPlan {
  key: string;
  name: string;
  description: string;
  /** ISO 4217, lower case as Stripe writes it. */
  currency: string;
  /** Monthly fee in minor units. */
  baseAmount: number;
  /** Runs per billing period covered by the base fee. */
  includedRuns: number;
  /** Minor units per run past the included runs. */
  overagePerRun: number;
}

export const PLANS: readonly TPlan[] = [
  { key: "starter", name: "Starter", description: "For a partner's first clients", currency: "usd", baseAmount: 4_900, includedRuns: 2_000, overagePerRun: 3 },
  { key: "growth", name: "Growth", description: "A growing book of retail clients", currency: "usd", baseAmount: 19_900, includedRuns: 20_000, overagePerRun: 2 },
  { key: "scale", name: "Scale", description: "High-volume automation across many clients", currency: "usd", baseAmount: 69_900, includedRuns: 100_000, overagePerRun: 1 },
];

export const ZPlanKey = z.enum(PLANS.map((p) => p.key) as [string, ...string[]]);

/** The one meter every plan's runs price reads: each event carries a count of finished runs. */
export const RUNS_METER_EVENT = "storeflow_workflow_runs";

export function findPlan(key: string): TPlan | undefined {
  return PLANS.find((p) => p.key === key);
}

/** Lookup keys of a plan's two prices: stable names Stripe resolves to the current price ids. */
export function planLookupKeys(plan: Pick<TPlan, "key">) {
  return { base: `storeflow_${plan.key}_base`, runs: `storeflow_${plan.key}_runs` };
}

/** The plan a price belongs to, from its lookup key (null for prices that are not ours). */
export function planKeyOfLookupKey(lookupKey: string | null | undefined): string | null {
  const match = /^storeflow_(.+)_(base|runs)$/.exec(lookupKey ?? "");
  return match && findPlan(match[1]!) ? match[1]! : null;
}
