import { literal } from "../template";
import { type TReturnsRefundsParams } from "./params";

const DAY_MS = 86_400_000;

export const RETURN = "steps.readReturn.output";
export const POLICY = "steps.checkPolicy.output";
/** The lines the policy refused, as the reviewer, the customer's record and the outcome show them. */
export const REFUSED_LINES = `[${POLICY}.refused.{ "sku": sku, "quantity": quantity, "refusal": refusal }]`;

/** JSONata: whether `$sku` is one of `$patterns`, where a trailing * matches a prefix. */
export const SKU_MATCHES = `function($sku, $patterns) {
  $count($patterns[$substring($, -1) = "*" ? $substring($sku, 0, $length($) - 1) = $substring($, 0, $length($) - 1) : $sku = $]) > 0
}`;

/**
 * The return in one shape, whichever way it came: a Shopify returns/request
 * webhook (its REST body: return_line_items name the order's line items through
 * their fulfillment line item; Shopify's reason code and the customer's notes
 * become each line's reason) or a manual start
 * `{ orderId, lines: [{ sku, quantity, condition, reason }], note }`.
 * A webhook carries no item condition: the goods have not been inspected yet.
 */
export const READ_RETURN = `(
  $text := function($parts) { $join($parts[$type($) = "string" and $ != ""], ": ") };
  $shape := input.trigger = "event" ? (
    $body := input.event.payload;
    {
      "source": "shopify",
      "returnId": $body.admin_graphql_api_id,
      "returnName": $body.name,
      "orderId": $body.order.admin_graphql_api_id ? $body.order.admin_graphql_api_id : $exists($body.order.id) ? "gid://shopify/Order/" & $string($body.order.id),
      "requestedAt": input.event.occurredAt,
      "lines": [$body.return_line_items.(
        $line := fulfillment_line_item.line_item;
        {
          "lineItemId": $line.admin_graphql_api_id ? $line.admin_graphql_api_id : $exists($line.id) ? "gid://shopify/LineItem/" & $string($line.id),
          "quantity": quantity,
          "reason": $text([$replace(return_reason, "_", " "), return_reason_note, customer_note])
        }
      )]
    }
  ) : {
    "source": "manual",
    "returnId": input.returnId,
    "orderId": $exists(input.orderId) ? $string(input.orderId),
    "requestedAt": input.requestedAt ? input.requestedAt : $now(),
    "note": input.note,
    "lines": [input.lines.{ "lineItemId": lineItemId, "sku": sku, "quantity": quantity, "condition": condition, "reason": reason }]
  };
  $bad := $shape.lines[$type(quantity) != "number" or quantity < 1 or quantity != $floor(quantity) or ($not($exists(sku)) and $not($exists(lineItemId)))];
  $not($shape.orderId) or $count($shape.lines) = 0 or $exists($bad)
    ? $error("a return names its order (orderId) and at least one line, each with a sku (or lineItemId) and a whole quantity of at least 1")
    : $shape
)`;

/**
 * The return policy, line by line against the order: the order's date against
 * the return window, final-sale SKUs, lines the order does not have or has no
 * units left to return of (refunded before). Accepted lines are priced at what
 * they sold for. Also what makes a person look before money moves: a refund
 * above the threshold, more than the order has left to refund, an order that
 * was refunded before, high-value SKUs.
 */
export function checkPolicyExpression(params: TReturnsRefundsParams): string {
  return `(
    $matches := ${SKU_MATCHES};
    $finalSale := ${literal(params.finalSaleSkus)};
    $highValue := ${literal(params.highValueSkus)};
    $threshold := ${literal(params.approvalThreshold)};
    $return := ${RETURN};
    $order := steps.getOrder.output;
    $currency := $order.totalPrice.currencyCode;
    $money := function($amount) { $formatNumber($amount, "#,##0.00") & " " & $currency };
    $ageMs := $toMillis($return.requestedAt) - $toMillis($order.createdAt);
    $lines := [$return.lines.(
      $line := $;
      $item := $line.lineItemId ? $order.lineItems[id = $line.lineItemId][0] : $order.lineItems[sku = $line.sku][0];
      $sku := $item ? $item.sku : $line.sku;
      $unitPrice := $item ? $number($item.unitPrice.amount) : 0;
      {
        "lineItemId": $item.id,
        "sku": $sku,
        "name": $item.name,
        "quantity": $line.quantity,
        "condition": $line.condition,
        "reason": $line.reason,
        "unitPrice": $unitPrice,
        "amount": $round($unitPrice * $line.quantity, 2),
        "inventoryItemId": $item.inventoryItemId,
        "refusal": $not($item) ? $sku & " is not on order " & $order.name
          : $matches($sku, $finalSale) ? $sku & " is final sale"
          : $line.quantity > $item.refundableQuantity ? $sku & ": " & $line.quantity & " returned, but only " & $item.refundableQuantity & " left to return"
      }
    )];
    $accepted := [$lines[$not($exists(refusal))]];
    $refused := [$lines[$exists(refusal)]];
    $refundAmount := $round($sum($accepted.amount), 2);
    $alreadyRefunded := $number($order.totalRefunded.amount);
    $remaining := $round($number($order.totalPrice.amount) - $alreadyRefunded, 2);
    $highValueSkus := [$accepted[$matches(sku, $highValue)].sku];
    $payment := $order.transactions[status = "SUCCESS" and kind in ["SALE", "CAPTURE"]][0];
    $outsideWindow := $ageMs > ${params.returnWindowDays} * ${DAY_MS};
    $refusal := $outsideWindow ? "outside the ${params.returnWindowDays}-day window"
      : $count($accepted) = 0 ? $join($refused.refusal, "; ");
    $not($refusal) and $not($payment) ? $error("order " & $order.name & " has no successful payment to refund against") : {
      "orderId": $order.id,
      "orderName": $order.name,
      "customerEmail": $order.email,
      "currency": $currency,
      "orderedAt": $order.createdAt,
      "requestedAt": $return.requestedAt,
      "daysSinceOrder": $floor($ageMs / ${DAY_MS}),
      "refusal": $refusal,
      "outsideWindow": $outsideWindow,
      "accepted": $accepted,
      "refused": $refused,
      "refundAmount": $refundAmount,
      "payment": $payment.{ "parentId": id, "gateway": gateway },
      "approvalReasons": [
        $refundAmount > $threshold ? "the refund of " & $money($refundAmount) & " is above the approval threshold of " & $money($threshold),
        $refundAmount > $remaining ? "the refund of " & $money($refundAmount) & " is more than the " & $money($remaining) & " left to refund on the order",
        $alreadyRefunded > 0 ? "the order was refunded " & $money($alreadyRefunded) & " before",
        $count($highValueSkus) > 0 ? "high-value items: " & $join($highValueSkus, ", ")
      ]
    }
  )`;
}
