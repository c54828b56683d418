import { type TWorkflowDefinitionInput } from "../src/definition";

/** A realistic definition as an author writes it: defaults left out. */
export function returnsWorkflow(): TWorkflowDefinitionInput {
  return {
    key: "returns",
    version: "1.0.0",
    title: "Customer return",
    start: "checkPolicy",
    steps: [
      {
        key: "checkPolicy",
        kind: "transform",
        expression: '{ "eligible": input.daysSincePurchase <= 30, "amount": input.amount }',
        next: "route",
      },
      {
        key: "route",
        kind: "branch",
        cases: [
          { when: "$not(steps.checkPolicy.output.eligible)", next: "notifyRejected" },
          { when: "steps.checkPolicy.output.amount > 200", next: "approve" },
        ],
        otherwise: "refund",
      },
      {
        key: "approve",
        kind: "approval",
        title: "Approve a refund over 200",
        assignees: { roles: ["client_admin"] },
        expiresInMs: 2 * 86_400_000,
        escalateAfterMs: 86_400_000,
        escalateTo: { roles: ["partner_admin"] },
        onReject: "notifyRejected",
        next: "refund",
      },
      {
        key: "refund",
        kind: "action",
        connection: "pos",
        operation: "refunds.create",
        input: { orderId: "input.orderId", amount: "steps.checkPolicy.output.amount" },
        retry: { attempts: 5 },
        timeoutMs: 30_000,
        onError: { action: "exception" },
        next: "notifyRefunded",
      },
      {
        key: "notifyRefunded",
        kind: "notify",
        channel: "email",
        template: "return-refunded",
        to: "input.customer.email",
        data: { amount: "steps.checkPolicy.output.amount", orderId: "input.orderId" },
      },
      { key: "notifyRejected", kind: "notify", channel: "email", template: "return-rejected", to: "input.customer.email", data: {} },
    ],
  };
}
