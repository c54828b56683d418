import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TPricePromotionParams } from "./params";
import { listSkus, moneyHelpers, PLAN, PROMOTION_LABEL } from "./pricing";
import { comparisons, firstVerificationStep, verificationAttempts, verificationSteps } from "./verification";

type TSteps = TWorkflowDefinitionInput["steps"];

export const RESTORE_VERIFICATION = "verifyRestore";
const RESTORE = "steps.restorePlan.output";

/**
 * Which variations go back to their recorded price at the end: those still at the
 * promotion price. One someone repriced during the promotion keeps that price (it was
 * set on purpose, after the record was taken) and is reported; so is one deleted since.
 */
function restorePlanExpression(params: TPricePromotionParams): string {
  return `(
    ${moneyHelpers(params)}
    $squareNow := [steps.restoreReadSquare.output.variations];
    $shopifyNow := [steps.restoreReadShopify.output.variants];
    $square := [${PLAN}.pos.(
      $id := id;
      $current := $squareNow[id = $id];
      { "id": id, "sku": sku, "version": $current.version, "from": from, "to": to, "current": $current.priceMoney.amount, "untouched": $exists($current) and $current.priceMoney.amount = to }
    )];
    $shopify := [${PLAN}.shop.(
      $id := id;
      $current := $shopifyNow[id = $id];
      $untouched := $exists($current) and $toMinor($current.price) = $toMinor(toPrice) and $toMinor($current.compareAtPrice) = $toMinor(toCompareAtPrice);
      $merge([$, { "current": $current.price, "untouched": $untouched }])
    )];
    {
      "square": [$square[untouched]],
      "shopify": [$shopify[untouched]],
      "leftAsEdited": [
        $square[$not(untouched)].{ "system": "Square", "sku": sku, "promotionPrice": $format(to), "price": $exists(current) ? $format(current) : "missing" },
        $shopify[$not(untouched)].{ "system": "Shopify", "sku": sku, "promotionPrice": toPrice, "price": $exists(current) ? current : "missing" }
      ]
    }
  )`;
}

/** The failure at the end, said once for the operator: what could not be restored, and what each system shows now. */
function restoreFailureExpression(params: TPricePromotionParams): string {
  const square = "steps.restoreSquare.output";
  const shopify = "steps.restoreShopify.output";
  return `(
    $last := ${comparisons(params, RESTORE_VERIFICATION)}[-1];
    $cause := steps.restoreReadSquare.output.error ? "Square could not be read: " & steps.restoreReadSquare.output.error
      : steps.restoreReadShopify.output.error ? "Shopify could not be read: " & steps.restoreReadShopify.output.error
      : ${square}.error ? "Square refused the old prices of " & ${listSkus(`${RESTORE}.square`)} & ": " & ${square}.error
      : ${shopify}.error ? "Shopify refused the old prices of " & ${listSkus(`${RESTORE}.shopify`)} & ": " & ${shopify}.error
      : "after ${verificationAttempts(params)} reads the prices still differ: " & $join($append([$last.mismatches.(system & " " & sku & " shows " & actual & ", expected " & expected)], $last.readErrors), "; ");
    $state := $exists(${shopify}.variants) ? "both systems were written to"
      : $exists(${square}.variations) ? "Square is back at the old prices, Shopify still shows the promotion prices"
      : "both systems still show the promotion prices";
    $refused := $append(
      steps.restoreReadSquare.output.error or ${square}.error ? ["Square"] : [],
      steps.restoreReadShopify.output.error or ${shopify}.error ? ["Shopify"] : []
    );
    {
      "failedSystems": [$distinct($append($refused, [$last.mismatches.system]))],
      "mismatches": [$last.mismatches],
      "message": "promotion " & ${PROMOTION_LABEL} & " ended at " & input.endsAt & " but its old prices were not restored: " & $cause & "; " & $state & "."
    }
  )`;
}

/** At the end time: put back the recorded prices, read both systems back, and report what is live. */
export function restoreSteps(params: TPricePromotionParams, done: { summary: (extra: Record<string, string>) => string }): TSteps {
  const currency = literal(params.currency);
  const onFailure = { action: "compensate", next: "describeRestoreFailure" } as const;
  return [
    { key: "waitForEnd", kind: "wait", until: "input.endsAt", next: "restoreReadSquare" },
    { key: "restoreReadSquare", kind: "action", connection: "pos", operation: "getVariationPrices", input: { ids: `[${PLAN}.pos.id]` }, onError: onFailure, next: "restoreReadShopify" },
    { key: "restoreReadShopify", kind: "action", connection: "shop", operation: "getVariantPrices", input: { skus: "steps.prepare.output.skus" }, onError: onFailure, next: "restorePlan" },
    { key: "restorePlan", kind: "transform", expression: restorePlanExpression(params), next: "restoreSquare" },
    {
      key: "restoreSquare",
      kind: "action",
      connection: "pos",
      operation: "setVariationPrices",
      input: { variations: `[${RESTORE}.square.{ "id": id, "version": version, "priceMoney": { "amount": from, "currency": ${currency} } }]` },
      onError: onFailure,
      next: "restoreShopify",
    },
    {
      key: "restoreShopify",
      kind: "action",
      connection: "shop",
      operation: "setVariantPrices",
      input: { variants: `[${RESTORE}.shopify.{ "productId": productId, "id": id, "price": fromPrice, "compareAtPrice": fromCompareAtPrice }]` },
      onError: onFailure,
      next: firstVerificationStep(RESTORE_VERIFICATION),
    },
    ...verificationSteps(params, {
      prefix: RESTORE_VERIFICATION,
      squareIds: `[${PLAN}.pos.id]`,
      shopifySkus: "steps.prepare.output.skus",
      squareExpected: `${RESTORE}.square.{ "id": id, "sku": sku, "amount": from }`,
      shopifyExpected: `${RESTORE}.shopify.{ "id": id, "sku": sku, "price": fromPrice, "compareAtPrice": fromCompareAtPrice }`,
      onMatch: "recordRestored",
      onMismatch: "describeRestoreFailure",
    }),
    {
      key: "recordRestored",
      kind: "transform",
      expression: done.summary({
        outcome: literal("ended"),
        endedAt: `${comparisons(params, RESTORE_VERIFICATION)}[-1].checkedAt`,
        leftAsEdited: `[${RESTORE}.leftAsEdited]`,
      }),
    },
    { key: "describeRestoreFailure", kind: "transform", expression: restoreFailureExpression(params), next: "reportRestoreFailure" },
    { key: "reportRestoreFailure", kind: "transform", expression: "$error(steps.describeRestoreFailure.output.message)", onError: { action: "exception" } },
  ];
}
