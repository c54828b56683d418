import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { moneyHelpers } from "./pricing";
import { type TPricePromotionParams } from "./params";

type TSteps = TWorkflowDefinitionInput["steps"];

// Search indexes (Shopify's product search) can trail a write by seconds: a price read back
// too early is read again after this pause rather than taken for a failed change.
const VERIFY_PAUSE_MS = 30_000;

export interface TVerificationOptions {
  /** Starts every generated step key, e.g. "verifyActivation". */
  prefix: string;
  /** JSONata: the Square ids and the Shopify SKUs to read (the whole promotion, so a read never asks for nothing). */
  squareIds: string;
  shopifySkus: string;
  /** JSONata: what Square must show, `[{ id, sku, amount }]`, and what Shopify must, `[{ id, sku, price, compareAtPrice }]`. */
  squareExpected: string;
  shopifyExpected: string;
  /** Where the run goes when everything matches, and when it still does not after the last read. */
  onMatch: string;
  onMismatch: string;
}

const keysOf = (prefix: string, attempt: number) => ({
  readSquare: `${prefix}ReadSquare${attempt}`,
  readShopify: `${prefix}ReadShopify${attempt}`,
  compare: `${prefix}Compare${attempt}`,
  check: `${prefix}Check${attempt}`,
  pause: `${prefix}Pause${attempt}`,
});

/** How many times prices are read back: the first read and the retries. */
export const verificationAttempts = (params: TPricePromotionParams) => params.verificationRetries + 1;

/** The first step of a verification, to go to once prices were written. */
export const firstVerificationStep = (prefix: string) => keysOf(prefix, 1).readSquare;

/** JSONata: every comparison of a verification that ran, in order (the last one decided it). */
export function comparisons(params: TPricePromotionParams, prefix: string): string {
  const outputs = Array.from({ length: verificationAttempts(params) }, (_, i) => `steps.${keysOf(prefix, i + 1).compare}.output`);
  return `[${outputs.join(", ")}]`;
}

/**
 * One read of both systems compared with what they should show: each mismatch names the
 * system, the SKU, the price expected and the price found ("missing" for a variation gone).
 * A system that could not be read reports its error instead of a mismatch per SKU.
 */
function compareExpression(params: TPricePromotionParams, options: TVerificationOptions, keys: ReturnType<typeof keysOf>): string {
  const square = `steps.${keys.readSquare}.output`;
  const shopify = `steps.${keys.readShopify}.output`;
  return `(
    ${moneyHelpers(params)}
    $squareExpected := [${options.squareExpected}];
    $shopifyExpected := [${options.shopifyExpected}];
    $squareNow := [${square}.variations];
    $shopifyNow := [${shopify}.variants];
    $describe := function($price, $compareAt) { $price & ($compareAt != null ? " (compare-at " & $compareAt & ")" : "") };
    $squareOff := ${square}.error ? [] : [$squareExpected.(
      $id := id;
      $actual := $squareNow[id = $id].priceMoney.amount;
      $not($exists($actual) and $actual = amount) ? {
        "system": "Square", "sku": sku, "id": id, "expected": $format(amount), "actual": $exists($actual) ? $format($actual) : "missing"
      }
    )];
    $shopifyOff := ${shopify}.error ? [] : [$shopifyExpected.(
      $id := id;
      $now := $shopifyNow[id = $id];
      $ok := $exists($now) and $toMinor($now.price) = $toMinor(price) and $toMinor($now.compareAtPrice) = $toMinor(compareAtPrice);
      $not($ok) ? {
        "system": "Shopify", "sku": sku, "id": id, "expected": $describe(price, compareAtPrice), "actual": $exists($now) ? $describe($now.price, $now.compareAtPrice) : "missing"
      }
    )];
    $readErrors := [
      $count($squareExpected) > 0 and ${square}.error ? "Square could not be read: " & ${square}.error,
      $count($shopifyExpected) > 0 and ${shopify}.error ? "Shopify could not be read: " & ${shopify}.error
    ];
    $mismatches := $append($squareOff, $shopifyOff);
    { "matched": $count($mismatches) = 0 and $count($readErrors) = 0, "mismatches": $mismatches, "readErrors": $readErrors, "checkedAt": $now() }
  )`;
}

/** Reads both systems back and compares, up to `verificationRetries` more times with a pause between. */
export function verificationSteps(params: TPricePromotionParams, options: TVerificationOptions): TSteps {
  const attempts = verificationAttempts(params);
  return Array.from({ length: attempts }, (_, i) => {
    const attempt = i + 1;
    const keys = keysOf(options.prefix, attempt);
    const last = attempt === attempts;
    const steps: TSteps = [
      // A failed read is compared as such (and read again), not a reason to stop the run.
      { key: keys.readSquare, kind: "action", connection: "pos", operation: "getVariationPrices", input: { ids: options.squareIds }, onError: { action: "continue" }, next: keys.readShopify },
      { key: keys.readShopify, kind: "action", connection: "shop", operation: "getVariantPrices", input: { skus: options.shopifySkus }, onError: { action: "continue" }, next: keys.compare },
      { key: keys.compare, kind: "transform", expression: compareExpression(params, options, keys), next: keys.check },
      { key: keys.check, kind: "branch", cases: [{ when: `steps.${keys.compare}.output.matched`, next: options.onMatch }], otherwise: last ? options.onMismatch : keys.pause },
    ];
    if (!last) steps.push({ key: keys.pause, kind: "wait", durationMs: VERIFY_PAUSE_MS, next: keysOf(options.prefix, attempt + 1).readSquare });
    return steps;
  }).flat();
}
