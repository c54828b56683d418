import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TPricePromotionParams } from "./params";
import { assessmentExpression, listSkus, PLAN, PROMOTION_LABEL } from "./pricing";
import { comparisons, firstVerificationStep, verificationAttempts, verificationSteps } from "./verification";

type TSteps = TWorkflowDefinitionInput["steps"];

export const ACTIVATION_VERIFICATION = "verifyActivation";

/**
 * At the start time: record both systems' prices (what a rollback and the end restore go
 * back to), apply the promotion to Square, then to Shopify, and read both back. Any failure
 * (a system refusing, or prices that still differ after the last read) rolls back what
 * was changed and ends in an exception naming the system and the SKUs.
 */
export function activationSteps(params: TPricePromotionParams, next: { onActive: string }): TSteps {
  const currency = literal(params.currency);
  return [
    { key: "recordSquare", kind: "action", connection: "pos", operation: "getVariationPrices", input: { skus: "steps.prepare.output.skus" }, onError: { action: "exception" }, next: "recordShopify" },
    { key: "recordShopify", kind: "action", connection: "shop", operation: "getVariantPrices", input: { skus: "steps.prepare.output.skus" }, onError: { action: "exception" }, next: "reassess" },
    {
      key: "reassess",
      kind: "transform",
      // A SKU deleted or repriced at the register since the promotion was scheduled stops it here, before any change.
      expression: assessmentExpression(params, { posStep: "recordSquare", shopStep: "recordShopify", refusal: "cannot start" }),
      onError: { action: "exception" },
      next: "applySquare",
    },
    {
      key: "applySquare",
      kind: "action",
      connection: "pos",
      operation: "setVariationPrices",
      // The versions just recorded: a variation changed in between is refused rather than overwritten.
      input: { variations: `[${PLAN}.pos.{ "id": id, "version": version, "priceMoney": { "amount": to, "currency": ${currency} } }]` },
      onError: { action: "compensate", next: "rollbackReadSquare" },
      next: "applyShopify",
    },
    {
      key: "applyShopify",
      kind: "action",
      connection: "shop",
      operation: "setVariantPrices",
      input: { variants: `[${PLAN}.shop.{ "productId": productId, "id": id, "price": toPrice, "compareAtPrice": toCompareAtPrice }]` },
      onError: { action: "compensate", next: "rollbackReadSquare" },
      next: firstVerificationStep(ACTIVATION_VERIFICATION),
    },
    ...verificationSteps(params, {
      prefix: ACTIVATION_VERIFICATION,
      squareIds: `[${PLAN}.pos.id]`,
      shopifySkus: "steps.prepare.output.skus",
      squareExpected: `${PLAN}.pos.{ "id": id, "sku": sku, "amount": to }`,
      shopifyExpected: `${PLAN}.shop.{ "id": id, "sku": sku, "price": toPrice, "compareAtPrice": toCompareAtPrice }`,
      onMatch: next.onActive,
      onMismatch: "rollbackReadSquare",
    }),
    ...rollbackSteps(params),
  ];
}

/**
 * Puts back the recorded prices wherever the promotion may have been written. Square is read
 * first (a failed write may still have been applied) for each variation's current version:
 * only those showing the promotion price are set back, so a price someone else changed in
 * between (Square's VERSION_MISMATCH) is not overwritten with the record. Shopify is set back
 * only if it was written to. A rollback that fails does not stop the others: the exception
 * says what is left.
 */
function rollbackSteps(params: TPricePromotionParams): TSteps {
  const currency = literal(params.currency);
  return [
    { key: "rollbackReadSquare", kind: "action", connection: "pos", operation: "getVariationPrices", input: { ids: `[${PLAN}.pos.id]` }, onError: { action: "continue" }, next: "rollbackSquare" },
    {
      key: "rollbackSquare",
      kind: "action",
      connection: "pos",
      operation: "setVariationPrices",
      input: {
        variations: `(
          $now := [steps.rollbackReadSquare.output.variations];
          [${PLAN}.pos.(
            $id := id;
            $current := $now[id = $id];
            $current.priceMoney.amount = to and to != from ? { "id": id, "version": $current.version, "priceMoney": { "amount": from, "currency": ${currency} } }
          )]
        )`,
      },
      onError: { action: "continue" },
      next: "rollbackShopifyNeeded",
    },
    { key: "rollbackShopifyNeeded", kind: "branch", cases: [{ when: "$exists(steps.applyShopify)", next: "rollbackShopify" }], otherwise: "describeActivationFailure" },
    {
      key: "rollbackShopify",
      kind: "action",
      connection: "shop",
      operation: "setVariantPrices",
      input: { variants: `[${PLAN}.shop.{ "productId": productId, "id": id, "price": fromPrice, "compareAtPrice": fromCompareAtPrice }]` },
      onError: { action: "continue" },
      next: "describeActivationFailure",
    },
    {
      key: "describeActivationFailure",
      kind: "transform",
      // What the operator reads; the exception's reason is its message.
      expression: `(
        $plan := ${PLAN};
        $last := ${comparisons(params, ACTIVATION_VERIFICATION)}[-1];
        $failedSystems := steps.applySquare.output.error ? ["Square"] : steps.applyShopify.output.error ? ["Shopify"]
          : [$distinct($append([$last.mismatches.system], [$last.readErrors.$substringBefore($, " could not")]))];
        $cause := steps.applySquare.output.error ? "Square refused the new prices of " & ${listSkus("$plan.pos")} & ": " & steps.applySquare.output.error
          : steps.applyShopify.output.error ? "Shopify refused the new prices of " & ${listSkus("$plan.shop")} & ": " & steps.applyShopify.output.error
          : "after ${verificationAttempts(params)} reads the prices still differ: " & $join($append([$last.mismatches.(system & " " & sku & " shows " & actual & ", expected " & expected)], $last.readErrors), "; ");
        $squareRollback := steps.rollbackReadSquare.output.error ? "Square could not be read to roll it back (" & steps.rollbackReadSquare.output.error & "): check its prices"
          : steps.rollbackSquare.output.error ? "rolling Square back failed (" & steps.rollbackSquare.output.error & "): check its prices"
          : "Square holds the prices from before";
        $shopifyRollback := $not($exists(steps.applyShopify)) ? "Shopify was not changed"
          : steps.rollbackShopify.output.error ? "rolling Shopify back failed (" & steps.rollbackShopify.output.error & "): check its prices"
          : "Shopify holds the prices from before";
        {
          "failedSystems": $failedSystems,
          "skus": steps.prepare.output.skus,
          "mismatches": [$last.mismatches],
          "rolledBack": { "square": $squareRollback, "shopify": $shopifyRollback },
          "message": "promotion " & ${PROMOTION_LABEL} & " was not applied: " & $cause & ". " & $squareRollback & "; " & $shopifyRollback & "."
        }
      )`,
      next: "reportActivationFailure",
    },
    { key: "reportActivationFailure", kind: "transform", expression: "$error(steps.describeActivationFailure.output.message)", onError: { action: "exception" } },
  ];
}
