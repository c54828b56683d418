import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { refundedMessageSteps, refusedSteps, rejectedSteps, TELL_CUSTOMER_REFUNDED } from "./customer-messages";
import { type TReturnsRefundsParams } from "./params";
import { checkPolicyExpression, POLICY, READ_RETURN, RETURN } from "./policy";
import { reasonSteps } from "./reason-classification";
import { refundSteps } from "./refund-steps";

export const RETURNS_REFUNDS_KEY = "returns-refunds";
export const RETURNS_REFUNDS_VERSION = "1.0.0";

/**
 * One return per run: read it (Shopify's webhook or a manual start), check it
 * against the order and the policy, classify the reason, let a person review
 * it when the policy or the classifier asks for one, then credit, refund,
 * tell the customer and restock. A refused or rejected return changes nothing
 * in the shop or the ERP; its run succeeds with that outcome.
 */
export function returnsRefundsDefinition(params: TReturnsRefundsParams): TWorkflowDefinitionInput {
  return {
    key: RETURNS_REFUNDS_KEY,
    version: RETURNS_REFUNDS_VERSION,
    title: "Returns and refunds",
    start: "readReturn",
    steps: [
      { key: "readReturn", kind: "transform", title: "Read the return", expression: READ_RETURN, onError: { action: "exception" }, next: "getOrder" },
      { key: "getOrder", kind: "action", title: "Read the order", connection: "shop", operation: "getOrder", input: { orderId: `${RETURN}.orderId` }, onError: { action: "exception" }, next: "checkPolicy" },
      { key: "checkPolicy", kind: "transform", title: "Check the return policy", expression: checkPolicyExpression(params), onError: { action: "exception" }, next: "applyPolicy" },
      { key: "applyPolicy", kind: "branch", cases: [{ when: `$exists(${POLICY}.refusal)`, next: "tellCustomerRefused" }], otherwise: "classifyReason" },
      ...refusedSteps(params),
      ...reasonSteps(params),
      ...rejectedSteps(params),
      ...refundSteps(params, TELL_CUSTOMER_REFUNDED),
      ...refundedMessageSteps(params, "needsRestock"),
    ],
  };
}
