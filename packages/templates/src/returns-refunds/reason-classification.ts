import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TReturnsRefundsParams } from "./params";
import { POLICY, REFUSED_LINES, RETURN } from "./policy";
import { REASON_LABELS, REASON_RULES } from "./reasons";

export const CLASSIFICATION = "steps.classifyReason.output";

/** What the reviewer reads first: each reason the return waits for them. */
const REVIEW_REASONS = `$append(${POLICY}.approvalReasons, ${CLASSIFICATION}.accepted ? [] : [
  "the return reason is unclear: " & ${CLASSIFICATION}.label & " at confidence " & $string(${CLASSIFICATION}.confidence) & ", below " & $string(${CLASSIFICATION}.minConfidence)
])`;

const HOUR_MS = 3_600_000;

/**
 * Classifies the return's reason, then lets a person review it when the
 * classifier is unsure or the policy flagged the refund. Approving carries on
 * with the classified reason; rejecting refunds nothing.
 */
export function reasonSteps(params: TReturnsRefundsParams): TWorkflowDefinitionInput["steps"] {
  return [
    {
      key: "classifyReason",
      kind: "ai.classify",
      title: "Classify the return reason",
      input: `"Return reasons: " & $join(${POLICY}.accepted.reason, "; ") & (${RETURN}.note ? ". Customer's note: " & ${RETURN}.note : "")`,
      labels: [...REASON_LABELS],
      minConfidence: params.classificationConfidence,
      onLowConfidence: "reviewReturn",
      rules: REASON_RULES,
      next: "needsReview",
    },
    { key: "needsReview", kind: "branch", cases: [{ when: `$count(${POLICY}.approvalReasons) > 0`, next: "reviewReturn" }], otherwise: "planRefund" },
    {
      key: "reviewReturn",
      kind: "approval",
      title: "Review a return before it is refunded",
      assignees: { roles: [params.approverRole] },
      expiresInMs: params.approvalExpiresInHours * HOUR_MS,
      details: {
        why: REVIEW_REASONS,
        orderName: `${POLICY}.orderName`,
        customerEmail: `${POLICY}.customerEmail`,
        refundAmount: `${POLICY}.refundAmount`,
        currency: `${POLICY}.currency`,
        approvalThreshold: literal(params.approvalThreshold),
        daysSinceOrder: `${POLICY}.daysSinceOrder`,
        lines: `[${POLICY}.accepted.{ "sku": sku, "name": name, "quantity": quantity, "condition": condition, "reason": reason, "amount": amount }]`,
        refusedLines: REFUSED_LINES,
        classification: `${CLASSIFICATION}.{ "label": label, "confidence": confidence, "rationale": rationale, "source": source, "model": model, "minConfidence": minConfidence, "accepted": accepted }`,
      },
      onReject: "tellCustomerRejected",
      next: "planRefund",
    },
  ];
}
