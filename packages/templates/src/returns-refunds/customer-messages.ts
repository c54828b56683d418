import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TReturnsRefundsParams } from "./params";
import { POLICY, REFUSED_LINES } from "./policy";
import { CLASSIFICATION } from "./reason-classification";

type TSteps = TWorkflowDefinitionInput["steps"];

const MONEY = `$money := function($amount) { $formatNumber($amount, "#,##0.00") & " " & ${POLICY}.currency };`;

/** A plain-text e-mail body from lines of JSONata, greeting and signature around them. */
function letter(params: TReturnsRefundsParams, paragraphs: string): string {
  return `(
    ${MONEY}
    $join($append($append(["Hello,", ""], ${paragraphs}), ["", "Kind regards,", ${literal(params.signature)}]), "\\n")
  )`;
}

const NOT_ACCEPTED = `$count(${POLICY}.refused) > 0 ? $append(["", "We could not accept these items:"], [${POLICY}.refused.("  " & refusal)]) : []`;

const REFUNDED_TEXT = `$append($append(
  ["We have processed your return for order " & ${POLICY}.orderName & " and refunded " & $money(${POLICY}.refundAmount) & " to your original payment method. It can take a few days to show on your statement.", ""],
  [${POLICY}.accepted.("  " & quantity & " × " & name & "  " & $money(amount))]
), ${NOT_ACCEPTED})`;

const refusedText = (params: TReturnsRefundsParams) => `[
  "We are sorry, but we cannot accept your return for order " & ${POLICY}.orderName & ": "
    & (${POLICY}.outsideWindow
      ? "it was requested " & ${POLICY}.daysSinceOrder & " days after the order, and we accept returns within ${params.returnWindowDays} days."
      : $join(${POLICY}.refused.refusal, "; ") & "."),
  "",
  "Please reply to this e-mail if you have any questions."
]`;

const REJECTED_TEXT = `[
  "We are sorry, but after reviewing your return for order " & ${POLICY}.orderName & " we cannot accept it, so no refund has been made.",
  "",
  "Please reply to this e-mail if you have any questions."
]`;

/**
 * `key` e-mails the customer (when the shop has their address and the
 * installation e-mails customers), then goes on to `next` either way.
 */
function customerEmail(params: TReturnsRefundsParams, options: { key: string; sendKey: string; subject: string; paragraphs: string; next: string }): TSteps {
  if (!params.emailCustomer) return [{ key: options.key, kind: "transform", expression: `{ "emailed": false }`, next: options.next }];
  return [
    { key: options.key, kind: "branch", cases: [{ when: `$boolean(${POLICY}.customerEmail)`, next: options.sendKey }], otherwise: options.next },
    {
      key: options.sendKey,
      kind: "action",
      connection: "mail",
      operation: "send",
      input: { to: `${POLICY}.customerEmail`, subject: options.subject, text: letter(params, options.paragraphs) },
      onError: { action: "exception" },
      next: options.next,
    },
  ];
}

const cycleTime = `$toMillis($now()) - $toMillis(${POLICY}.requestedAt)`;

/** The customer's refund e-mail; the refund steps go on to it. */
export const TELL_CUSTOMER_REFUNDED = "tellCustomerRefunded";

export function refundedMessageSteps(params: TReturnsRefundsParams, next: string): TSteps {
  return customerEmail(params, {
    key: TELL_CUSTOMER_REFUNDED,
    sendKey: "emailRefund",
    subject: `"Your return for order " & ${POLICY}.orderName & " is refunded"`,
    paragraphs: REFUNDED_TEXT,
    next,
  });
}

/** A return the policy refuses: the customer is told, nothing is changed anywhere. */
export function refusedSteps(params: TReturnsRefundsParams): TSteps {
  return [
    ...customerEmail(params, { key: "tellCustomerRefused", sendKey: "emailRefusal", subject: `"Your return for order " & ${POLICY}.orderName`, paragraphs: refusedText(params), next: "recordRefusal" }),
    {
      key: "recordRefusal",
      kind: "transform",
      expression: `{
        "outcome": "refused",
        "summary": "refused: " & ${POLICY}.refusal,
        "orderName": ${POLICY}.orderName,
        "refusal": ${POLICY}.refusal,
        "daysSinceOrder": ${POLICY}.daysSinceOrder,
        "refusedLines": ${REFUSED_LINES},
        "customerMessageId": steps.emailRefusal.output.messageId,
        "kpis": { "returnCycleTimeMs": ${cycleTime} }
      }`,
    },
  ];
}

/** A return the reviewer rejected: nothing refunded, restocked or credited; the customer is told. */
export function rejectedSteps(params: TReturnsRefundsParams): TSteps {
  return [
    ...customerEmail(params, { key: "tellCustomerRejected", sendKey: "emailRejection", subject: `"Your return for order " & ${POLICY}.orderName`, paragraphs: REJECTED_TEXT, next: "recordRejection" }),
    {
      key: "recordRejection",
      kind: "transform",
      expression: `{
        "outcome": "rejected",
        "orderName": ${POLICY}.orderName,
        "refundAmount": ${POLICY}.refundAmount,
        "currency": ${POLICY}.currency,
        "rejectedBy": steps.reviewReturn.output.userId,
        "reason": steps.reviewReturn.output.reason,
        "classification": ${CLASSIFICATION}.{ "label": label, "confidence": confidence, "source": source, "accepted": accepted },
        "customerMessageId": steps.emailRejection.output.messageId,
        "kpis": { "returnCycleTimeMs": ${cycleTime} }
      }`,
    },
  ];
}
