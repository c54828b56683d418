import { literal } from "../template";
import { type TOrderRoutingParams } from "./params";
import { reservationUri } from "./reservation-steps";

/**
 * The order's stocked lines, one per SKU (two lines of one SKU must come from the
 * same shelf). Lines without a SKU (custom items, gift cards) hold no stock and are
 * not routed.
 */
export const ORDER_LINES = `(
  $items := steps.readOrder.output.lineItems[$type(sku) = "string" and sku != ""];
  [$distinct($items.sku).(
    $sku := $;
    $same := $items[sku = $sku];
    { "sku": $sku, "name": $same[0].name, "quantity": $sum($same.quantity) }
  )]
)`;

/** The stores as the plan reads them: the pickup code filled in, and the order they are listed in kept as their preference. */
function storeFacts(params: TOrderRoutingParams) {
  return params.stores.map((store, preference) => ({ ...store, pickupCode: store.pickupCode ?? store.location, preference }));
}

/**
 * Distance on the equirectangular projection, exact enough between a customer and
 * stores of one region. JSONata has no trigonometry, so cos is its Taylor series,
 * within 3e-5 for any latitude.
 */
const DISTANCE_FUNCTIONS = `
  $rad := function($degrees) { $degrees * 0.017453292519943295 };
  $cos := function($x) { ( $x2 := $x * $x; 1 - $x2 / 2 + $x2 * $x2 / 24 - $x2 * $x2 * $x2 / 720 + $x2 * $x2 * $x2 * $x2 / 40320 ) };
  $distanceKm := function($from, $to) { (
    $dx := $rad($to.longitude - $from.longitude) * $cos($rad(($to.latitude + $from.latitude) / 2));
    $dy := $rad($to.latitude - $from.latitude);
    $round(6371 * $sqrt($dx * $dx + $dy * $dy), 1)
  ) };`;

/** Nearer first; stores at the same distance, or every store when the address has no coordinates, in the order they are listed. */
const BY_DISTANCE = `function($a, $b) { $a.distanceKm > $b.distanceKm or ($a.distanceKm = $b.distanceKm and $a.preference > $b.preference) }`;

/** More lines first, then the nearer store. */
const BY_COVERAGE = `function($a, $b) { $count($a.lines) < $count($b.lines) or ($count($a.lines) = $count($b.lines) and $a.store.rank > $b.store.rank) }`;

/**
 * Where each line of the order comes from, or which lines no store can supply.
 *
 * A pickup order (a shipping line whose code is a pickup store's) goes to that store,
 * which must hold every line. A shipped order goes to the nearest ship-from-store
 * location holding every line; failing that, with splitting allowed, to as few
 * stores as possible: greedily, the store holding most of the lines still open,
 * nearest first on a tie. A line is never divided between stores. "Holds" is
 * Shopify's available quantity at the location, read by this run.
 *
 * `parts` is empty when any line is short: nothing is reserved for an order that
 * cannot be fulfilled whole.
 */
export function planRouting(params: TOrderRoutingParams): string {
  return `(
    $stores := ${literal(storeFacts(params))};
    $allowSplit := ${literal(params.allowSplit)};
    $order := steps.readOrder.output;
    $payload := input.event.payload;
    $lines := steps.orderLines.output;
    $stock := steps.readStock.output;
    $address := $payload.shipping_address;
    $located := $type($address.latitude) = "number" and $type($address.longitude) = "number";
    ${DISTANCE_FUNCTIONS}
    $measured := [$stores.$merge([$, { "distanceKm": $located ? $distanceKm($address, $) : null }])];
    $sorted := $located ? $sort($measured, ${BY_DISTANCE}) : $measured;
    $ranked := [$map($sorted, function($store, $rank) { $merge([$store, { "rank": $rank }]) })];

    $codes := [$payload.shipping_lines.code];
    $pickupStore := $ranked[pickup and pickupCode in $codes][0];
    $mode := $exists($pickupStore) ? "pickup" : "ship";
    $candidates := $mode = "pickup" ? [$pickupStore] : [$ranked[shipFromStore]];

    $itemOf := function($sku) { $stock[sku = $sku] };
    $available := function($store, $sku) { $sum($itemOf($sku).levels[locationName = $store.location].quantities.available) };
    $heldAt := function($store, $wanted) { [$wanted[$available($store, sku) >= quantity]] };
    $offers := function($pool, $wanted) { [$pool.{ "store": $, "lines": $heldAt($, $wanted) }] };
    $cover := function($wanted, $pool, $parts) {
      $count($wanted) = 0 ? { "parts": $parts, "short": [] } : (
        $best := ($sort(($offers($pool, $wanted))[$count(lines) > 0], ${BY_COVERAGE}))[0];
        $exists($best)
          ? $cover([$wanted[$not(sku in $best.lines.sku)]], [$pool[location != $best.store.location]], $append($parts, [$best]))
          : { "parts": $parts, "short": $wanted }
      )
    };

    $single := $candidates[$count($heldAt($, $lines)) = $count($lines)][0];
    $routing := $count($lines) = 0 ? { "parts": [], "short": [] }
      : $exists($single) ? { "parts": [{ "store": $single, "lines": $lines }], "short": [] }
      : ($mode = "ship" and $allowSplit) ? $cover($lines, $candidates, [])
      : (
        $closest := ($sort($offers($candidates, $lines), ${BY_COVERAGE}))[0];
        { "parts": [], "short": [$lines[$not(sku in $closest.lines.sku)]], "shortAt": $closest.store }
      );

    $parts := $count($routing.short) > 0 ? [] : [$routing.parts.(
      $store := store;
      $locationId := ($stock.levels[locationName = $store.location].locationId)[0];
      {
        "store": $store.location,
        "locationId": $locationId,
        "distanceKm": $store.distanceKm,
        "slackMention": $store.slackMention,
        "reservationUri": ${reservationUri("$order.id", "$locationId")},
        "lines": [lines.{ "sku": sku, "name": name, "quantity": quantity, "inventoryItemId": $itemOf(sku).inventoryItemId }]
      }
    )];

    $shortAt := $routing.shortAt;
    $short := [$routing.short.(
      $sku := sku;
      $mostAtOneStore := $max($candidates.($available($, $sku)));
      { "sku": sku, "name": name, "ordered": quantity, "available": $exists($shortAt) ? $available($shortAt, sku) : ($exists($mostAtOneStore) ? $mostAtOneStore : 0) }
    )];
    $lineText := function($line) {
      $line.sku & " (" & $line.ordered & " ordered, " & ($exists($shortAt) ? $line.available & " available)" : "at most " & $line.available & " at one store)")
    };
    $where := $mode = "pickup" ? " at pickup store " & $shortAt.location
      : $exists($shortAt) ? " at " & $shortAt.location & ", the nearest store holding most of the order; split fulfilment is off"
      : " at every store";

    {
      "orderId": $order.id,
      "orderName": $order.name,
      "orderCreatedAt": $order.createdAt,
      "routedAt": $now(),
      "mode": $mode,
      "shipTo": $mode = "ship" and $exists($address)
        ? $join([$address.name, $address.address1, $address.address2, $join([$address.zip, $address.city][$type($) = "string" and $ != ""], " ")][$type($) = "string" and $ != ""], ", "),
      "parts": $parts,
      "shortLines": $short,
      "message": $count($short) > 0 ? "cannot fulfil order " & $order.name & ": lines " & $join([$short.$lineText($)], ", ") & " short" & $where,
      "ranking": [$ranked[shipFromStore].{ "location": location, "distanceKm": distanceKm, "slackMention": slackMention }]
    }
  )`;
}
