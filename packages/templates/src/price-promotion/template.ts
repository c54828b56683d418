import { defineTemplate, reportedKpi } from "../template";
import { PRICE_PROMOTION_KEY, PRICE_PROMOTION_VERSION, pricePromotionDefinition } from "./definition";
import { ZPricePromotionParams } from "./params";

const HOUR_MS = 3_600_000;

export const pricePromotionTemplate = defineTemplate({
  key: PRICE_PROMOTION_KEY,
  version: PRICE_PROMOTION_VERSION,
  title: "Price change / promotion",
  summary: "Applies a price change or promotion to Square and Shopify at its start time, verifies it, rolls it back on any failure and restores the old prices at its end.",
  description: [
    'A run is one promotion: { promotionId, name, activateAt, endsAt?, prices: [{ sku, price, compareAtPrice? }] }, prices in the installation\'s currency. Prices are rounded by the installation\'s rule (to the cent, down to .99, or to the nearest 5 of the smallest unit). Every SKU must exist in both Square and Shopify with a fixed price in that currency, or nothing changes: a promotion runs everywhere or nowhere. Every variation carrying the SKU is repriced (Square and Shopify both let several share one).',
    "When any new price is more than the guard percentage below the price a SKU has now, in either system, an approver sees the cuts before anything is scheduled; a rejection ends the run with nothing changed, and an approval nobody gives in time opens an exception.",
    "At the start time both systems' prices are recorded, then the promotion goes to Square (with each variation's version, so one changed in between is refused rather than overwritten) and then to Shopify, with the compare-at (\"was\") price when given; Square has no compare-at price. Both are read back, again a few times if they do not match yet. When a system refuses, or the prices still differ, what was changed is set back to the recorded prices and the run opens an exception naming the system and the SKUs.",
    "With an end time the run waits for it and puts the recorded prices back, then verifies them. A variation repriced by someone during the promotion keeps that price and is listed in the run's output; a restore that fails opens an exception saying what each system shows.",
  ].join("\n\n"),
  category: "pricing",
  params: ZPricePromotionParams,
  bindings: {
    pos: { title: "Point of sale", description: "Reads and sets item variation prices (Catalog API).", connectors: ["square"] },
    shop: { title: "Web shop", description: "Reads and sets variant prices and compare-at prices.", connectors: ["shopify"] },
  },
  triggers: () => [{ kind: "manual" }],
  sla: {
    // A run lasts from scheduling to the end of the promotion, weeks perhaps; the backlog target is what matters for a start on time.
    runDurationMs: 60 * 24 * HOUR_MS,
    successRate: 0.98,
    windowMs: 30 * 24 * HOUR_MS,
    maxBacklogAgeMs: 5 * 60_000,
  },
  kpis: [
    { key: "skusRepriced", title: "SKUs repriced", unit: "count", description: "SKUs a promotion changed in both systems.", value: reportedKpi("skusRepriced") },
    { key: "activationLagMs", title: "Activation lag", unit: "ms", description: "From a promotion's start time to its prices verified live in both systems.", value: reportedKpi("activationLagMs") },
    { key: "deepestCutPercent", title: "Deepest cut", unit: "percent", description: "A promotion's largest price cut against the prices before it.", value: reportedKpi("deepestCutPercent") },
    { key: "promotionsRejected", title: "Promotions rejected", unit: "count", description: "Promotions an approver rejected for cutting too deep, left unapplied.", value: reportedKpi("promotionsRejected") },
  ],
  definition: pricePromotionDefinition,
});
