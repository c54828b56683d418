import { literal } from "../template";

export const MILESTONES = ["order_confirmed", "ready_for_pickup", "order_shipped", "refund_issued"] as const;
export type TMilestone = (typeof MILESTONES)[number];

/**
 * JSONata reading the run input (a shop, warehouse or manual trigger) as the
 * facts of one customer milestone: `{ milestone, orderId, orderNumber, email,
 * customerName, amount, tracking, refundId, source, dedupeKey }`.
 *
 * `dedupeKey` names the milestone, not the delivery: a webhook sent twice under
 * two delivery ids, or two events saying the same thing (ShipBob's order.shipped
 * and Shopify's orders/fulfilled), give the same key. Each refund is its own
 * milestone (a second partial refund is news to the customer), so its key
 * carries the refund. Orders are keyed by their Shopify GID; a ShipBob order
 * refers to one by its reference id, the GID or Shopify's numeric order id.
 * Whatever is not a milestone of a shop order is keyed by its delivery.
 */
const MILESTONE_FACTS = `(
  $kind := input.trigger = "event" ? input.event.type : "manual";
  $p := input.event.payload;
  $shopOrder := function($ref) {
    $type($ref) = "number" ? "gid://shopify/Order/" & $string($ref) :
    $type($ref) != "string" ? null :
    $contains($ref, /^gid:\\/\\/shopify\\/Order\\/\\d+$/) ? $ref :
    $contains($ref, /^\\d+$/) ? "gid://shopify/Order/" & $ref : null
  };
  $money := function($value, $currency) { $exists($value) ? { "value": $number($value), "currency": $currency } : null };
  $tracking := function($carrier, $number, $url) { $number or $url ? { "carrier": $carrier, "number": $number, "url": $url } : null };
  $fromShopOrder := function($o) { {
    "orderId": $o.admin_graphql_api_id,
    "orderNumber": $o.name,
    "email": $o.email ? $o.email : $o.customer.email,
    "customerName": $o.customer.first_name ? $o.customer.first_name : $o.billing_address.first_name,
    "amount": $money($o.total_price, $o.currency)
  } };
  $facts :=
    $kind = "order.created" ? $merge([$fromShopOrder($p), { "milestone": "order_confirmed" }]) :
    $kind = "order.fulfilled" ? $merge([$fromShopOrder($p), {
      "milestone": "order_shipped",
      "tracking": ($f := $p.fulfillments[tracking_number or tracking_url][-1]; $tracking($f.tracking_company, $f.tracking_number, $f.tracking_url))
    }]) :
    $kind = "order.shipped" ? {
      "milestone": "order_shipped",
      "orderId": $shopOrder($p.referenceId),
      "tracking": ($s := $p.shipments[trackingNumber or trackingUrl][0]; $tracking($s.carrier, $s.trackingNumber, $s.trackingUrl))
    } :
    $kind = "refund.created" ? {
      "milestone": "refund_issued",
      "orderId": $shopOrder($p.order_id),
      "refundId": $p.admin_graphql_api_id,
      "amount": ($t := $p.transactions[kind = "refund" and status = "success"]; $count($t) > 0 ? $money($sum($map($t.amount, $number)), $t[0].currency) : null)
    } :
    $kind = "manual" and input.milestone in ${literal(MILESTONES)} ? { "milestone": input.milestone, "orderId": $shopOrder(input.orderId) } :
    {};
  $m := $facts.milestone;
  $merge([
    { "orderNumber": null, "email": null, "customerName": null, "amount": null, "tracking": null, "refundId": null },
    $facts,
    {
      "milestone": $exists($m) ? $m : null,
      "source": $kind,
      "dedupeKey": $exists($m) and $facts.orderId ? "customer-notifications:" & $m & ":" & $facts.orderId & ($facts.refundId ? ":" & $facts.refundId : "") :
        input.event.deliveryId ? "customer-notifications:delivery:" & input.event.deliveryId : null
    }
  ])
)`;

/**
 * The event triggers' idempotency key: deliveries of one milestone start one
 * run between them. It is read_milestone's own `dedupeKey`, from the same
 * expression, so the key a run was started under is the one its output reports.
 */
export const DEDUPE_KEY = `${MILESTONE_FACTS}.dedupeKey`;

/**
 * JSONata for the run's first step: the milestone's facts plus `needsLookup`
 * (the event names no customer) and `skipReason`. A milestone switched off, a
 * ShipBob order from another sales channel and a refund that returned no money
 * (a restock only) are skipped.
 */
export function readMilestoneExpression(enabled: readonly TMilestone[]): string {
  return `(
  $facts := ${MILESTONE_FACTS};
  $kind := $facts.source;
  $p := input.event.payload;
  $m := $facts.milestone;
  $skipReason :=
    $m = null ? "not a customer milestone: " & $kind :
    $not($m in ${literal(enabled)}) ? "notifications for " & $m & " are switched off" :
    $facts.orderId = null or $not($exists($facts.orderId)) ? ($kind = "order.shipped" ? "ShipBob order " & $string($p.referenceId) & " is not a shop order" : "the " & $kind & " names no shop order") :
    $kind = "refund.created" and $facts.amount = null ? "refund " & $string($p.admin_graphql_api_id) & " returned no money to the customer" :
    null;
  $merge([$facts, { "needsLookup": $not($facts.email and $facts.orderNumber), "skipReason": $skipReason }])
)`;
}
