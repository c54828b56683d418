import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { ACTIVATION_VERIFICATION, activationSteps } from "./activation-steps";
import { type TPricePromotionParams } from "./params";
import { assessmentExpression, prepareExpression, PROMOTION_LABEL } from "./pricing";
import { restoreSteps } from "./restore-steps";
import { comparisons } from "./verification";

export const PRICE_PROMOTION_KEY = "price-promotion";
export const PRICE_PROMOTION_VERSION = "1.0.0";

const HOUR_MS = 3_600_000;

/** A run's final output: the promotion, its prices, `extra`, and the KPIs. */
function summary(params: TPricePromotionParams) {
  return (extra: Record<string, string>) => {
    const activatedAt = `${comparisons(params, ACTIVATION_VERIFICATION)}[-1].checkedAt`;
    const fields = {
      promotionId: "steps.prepare.output.promotionId",
      name: "steps.prepare.output.name",
      activatedAt,
      prices: "[steps.reassess.output.rows]",
      ...extra,
      kpis: `{
        "skusRepriced": $count(steps.prepare.output.skus),
        "activationLagMs": $max([0, $toMillis(${activatedAt}) - $toMillis(input.activateAt)]),
        "deepestCutPercent": steps.reassess.output.deepestCutPercent
      }`,
    };
    return `{ ${Object.entries(fields)
      .map(([field, expression]) => `${JSON.stringify(field)}: ${expression}`)
      .join(", ")} }`;
  };
}

/** Before the start time: check the promotion against both systems' prices, and have a cut deeper than the guard approved. */
function schedulingSteps(params: TPricePromotionParams): TWorkflowDefinitionInput["steps"] {
  return [
    { key: "prepare", kind: "transform", expression: prepareExpression(params), onError: { action: "exception" }, next: "readSquareCurrent" },
    { key: "readSquareCurrent", kind: "action", connection: "pos", operation: "getVariationPrices", input: { skus: "steps.prepare.output.skus" }, onError: { action: "exception" }, next: "readShopifyCurrent" },
    { key: "readShopifyCurrent", kind: "action", connection: "shop", operation: "getVariantPrices", input: { skus: "steps.prepare.output.skus" }, onError: { action: "exception" }, next: "assess" },
    {
      key: "assess",
      kind: "transform",
      expression: assessmentExpression(params, { posStep: "readSquareCurrent", shopStep: "readShopifyCurrent", refusal: "cannot be scheduled" }),
      onError: { action: "exception" },
      next: "checkGuard",
    },
    { key: "checkGuard", kind: "branch", cases: [{ when: "$count(steps.assess.output.deepCuts) > 0", next: "approveDeepCuts" }], otherwise: "waitForActivation" },
    {
      key: "approveDeepCuts",
      kind: "approval",
      title: `Approve a promotion cutting prices by more than ${params.maxDiscountPercent}%`,
      assignees: { roles: [params.approverRole] },
      expiresInMs: params.approvalExpiresInHours * HOUR_MS,
      details: {
        promotionId: "steps.prepare.output.promotionId",
        name: "steps.prepare.output.name",
        activateAt: "input.activateAt",
        endsAt: "input.endsAt",
        maxDiscountPercent: literal(params.maxDiscountPercent),
        deepCuts: "steps.assess.output.deepCuts",
        prices: "steps.assess.output.rows",
      },
      onReject: "recordRejection",
      onExpire: "reportApprovalExpired",
      next: "waitForActivation",
    },
    {
      key: "recordRejection",
      kind: "transform",
      // Nothing was changed in either system.
      expression: `{
        "outcome": "rejected",
        "promotionId": steps.prepare.output.promotionId,
        "rejectedBy": steps.approveDeepCuts.output.userId,
        "reason": steps.approveDeepCuts.output.reason,
        "deepCuts": steps.assess.output.deepCuts,
        "kpis": { "promotionsRejected": 1 }
      }`,
    },
    {
      key: "reportApprovalExpired",
      kind: "transform",
      expression: `$error("promotion " & ${PROMOTION_LABEL} & " did not start: nobody approved its cuts deeper than ${params.maxDiscountPercent}% (" & $join(steps.assess.output.deepCuts.(sku & " " & $string(cutPercent) & "%"), ", ") & ") within ${params.approvalExpiresInHours} hours; nothing was changed")`,
      onError: { action: "exception" },
    },
  ];
}

/**
 * One run per promotion: check and approve it, wait for its start, apply and verify it in
 * both systems (rolling back on failure), and, when it has an end, wait for that and put the
 * recorded prices back.
 */
export function pricePromotionDefinition(params: TPricePromotionParams): TWorkflowDefinitionInput {
  const done = { summary: summary(params) };
  return {
    key: PRICE_PROMOTION_KEY,
    version: PRICE_PROMOTION_VERSION,
    title: "Price change / promotion",
    start: "prepare",
    steps: [
      ...schedulingSteps(params),
      { key: "waitForActivation", kind: "wait", until: "input.activateAt", next: "checkStillDue" },
      // An approval that came after the end leaves nothing to run.
      { key: "checkStillDue", kind: "branch", cases: [{ when: "$exists(input.endsAt) and $toMillis(input.endsAt) <= $millis()", next: "reportMissedWindow" }], otherwise: "recordSquare" },
      {
        key: "reportMissedWindow",
        kind: "transform",
        expression: `$error("promotion " & ${PROMOTION_LABEL} & " was to end at " & input.endsAt & ", before it could start; nothing was changed")`,
        onError: { action: "exception" },
      },
      ...activationSteps(params, { onActive: "checkEnd" }),
      { key: "checkEnd", kind: "branch", cases: [{ when: "$exists(input.endsAt)", next: "waitForEnd" }], otherwise: "recordActive" },
      { key: "recordActive", kind: "transform", expression: done.summary({ outcome: literal("active") }) },
      ...restoreSteps(params, done),
    ],
  };
}
