import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { type TOrderRoutingParams } from "./params";
import { reservationSteps, reservationUri } from "./reservation-steps";
import { pickInstructionText, withdrawalText } from "./store-messages";

type TStep = TWorkflowDefinitionInput["steps"][number];

export const ORDER_PICKED = "order.picked";

/**
 * What an `order.picked` event is keyed by: the order and the store that picked it,
 * `<order GID>|<location GID>`. Per store, so a first store's late pick does not
 * count for the store the order was moved to, and each part of a split order is
 * picked on its own.
 */
export const pickCorrelationKey = (orderId: string, locationId: string): string => `${orderId}|${locationId}`;
const pickKeyExpression = (part: string) => `input.orderId & "|" & ${part}.locationId`;

const ALTERNATIVE = "steps.chooseAlternative.output.part";

/** The next nearest ship-from-store location, not already part of the order, that holds every line of the part now. */
const CHOOSE_ALTERNATIVE = `(
  $levels := steps.rereadStock.output;
  $lines := input.part.lines;
  $used := input.usedLocations;
  $available := function($location, $itemId) { $sum($levels[inventoryItemId = $itemId].levels[locationName = $location].quantities.available) };
  $holdsAll := function($store) { $count($lines[$available($store.location, inventoryItemId) >= quantity]) = $count($lines) };
  $next := input.ranking[$not(location in $used) and $holdsAll($)][0];
  $locationId := ($levels.levels[locationName = $next.location].locationId)[0];
  {
    "from": input.part.store,
    "part": $exists($next) ? {
      "store": $next.location,
      "locationId": $locationId,
      "distanceKm": $next.distanceKm,
      "slackMention": $next.slackMention,
      "reservationUri": ${reservationUri("input.orderId", "$locationId")},
      "lines": $lines
    }
  }
)`;

function pickedSummary(o: { store: string; event: string; reroutedFrom?: string }): string {
  const reroute = o.reroutedFrom ? `, "reroutedFrom": ${o.reroutedFrom}` : "";
  return `(
    $pickedAt := $toMillis($now());
    {
      "outcome": "picked",
      "orderName": input.orderName,
      "store": ${o.store},
      "rerouted": ${o.reroutedFrom ? "true" : "false"}${reroute},
      "pickedEvent": ${o.event},
      "kpis": { "timeToPickMs": $pickedAt - $toMillis(input.routedAt), "orderAgeMs": $pickedAt - $toMillis(input.orderCreatedAt), "reroutes": ${o.reroutedFrom ? 1 : 0} }
    }
  )`;
}

/** Why the pick is escalated, from whichever way the run got here: a pickup order, no store to move to, or the second store late too. */
function describeLatePick(params: TOrderRoutingParams): string {
  return `(
    $rerouted := $exists(steps.awaitReroutedPick.output);
    $late := $rerouted ? ${ALTERNATIVE} : input.part;
    $why := $rerouted ? ", where it was moved from " & input.part.store
      : input.delivery = "pickup" ? "; a pickup order stays at the store the customer chose"
      : "; no other store holds all its lines (" & $join([input.part.lines.(sku & " ×" & quantity)], ", ") & ")";
    {
      "orderName": input.orderName,
      "store": $late.store,
      "locationId": $late.locationId,
      "lines": $late.lines,
      "rerouted": $rerouted,
      "message": "order " & input.orderName & " was not picked at " & $late.store & " within ${params.pickSlaMinutes} minutes" & $why & "; its stock stays reserved there"
    }
  )`;
}

/** Moves the part to the alternative store: reserve there first, so the order is never without stock, then release, then tell both stores. */
function rerouteSteps(params: TOrderRoutingParams): TStep[] {
  return [
    ...reservationSteps({ prefix: "reroute", direction: "hold", part: ALTERNATIVE, orderId: "input.orderId", next: "releaseReserved" }),
    ...reservationSteps({ prefix: "release", direction: "release", part: "input.part", orderId: "input.orderId", next: "notifyRerouted" }),
    {
      key: "notifyRerouted",
      kind: "action",
      connection: "storeChat",
      operation: "postMessage",
      input: {
        text: pickInstructionText({
          part: ALTERNATIVE,
          orderName: "input.orderName",
          delivery: "input.delivery",
          shipTo: "input.shipTo",
          note: `"Rerouted from " & input.part.store & ", which did not pick it within ${params.pickSlaMinutes} minutes."`,
          pickSlaMinutes: params.pickSlaMinutes,
        }),
      },
      onError: { action: "exception" },
      next: "notifyWithdrawn",
    },
    {
      key: "notifyWithdrawn",
      kind: "action",
      connection: "storeChat",
      operation: "postMessage",
      input: { text: withdrawalText({ part: "input.part", orderName: "input.orderName", movedTo: `${ALTERNATIVE}.store`, pickSlaMinutes: params.pickSlaMinutes }) },
      // The order is already safe at the new store: a lost notice to the old one is not worth an exception.
      onError: { action: "continue", next: "awaitReroutedPick" },
      next: "awaitReroutedPick",
    },
    {
      key: "awaitReroutedPick",
      kind: "waitForEvent",
      event: ORDER_PICKED,
      correlationKey: pickKeyExpression(ALTERNATIVE),
      waitForMs: params.pickSlaMinutes * 60_000,
      next: "recordReroutedPick",
      onTimeout: "describeLatePick",
    },
    { key: "recordReroutedPick", kind: "transform", expression: pickedSummary({ store: `${ALTERNATIVE}.store`, event: "steps.awaitReroutedPick.output", reroutedFrom: "input.part.store" }) },
  ];
}

/**
 * A pick run holds one store to the pick SLA for its part of one order. Late, a
 * shipped part moves once to the next nearest store holding it; a pickup order,
 * a part with nowhere to go, or a second late store opens an exception and
 * leaves the stock reserved: the goods may be in a pick basket already, and
 * releasing them would let the web shop sell them again.
 */
export function pickSteps(params: TOrderRoutingParams): TStep[] {
  return [
    {
      key: "awaitPick",
      kind: "waitForEvent",
      event: ORDER_PICKED,
      correlationKey: pickKeyExpression("input.part"),
      waitForMs: params.pickSlaMinutes * 60_000,
      next: "recordPick",
      onTimeout: "checkReroute",
    },
    { key: "recordPick", kind: "transform", expression: pickedSummary({ store: "input.part.store", event: "steps.awaitPick.output" }) },
    { key: "checkReroute", kind: "branch", cases: [{ when: `input.delivery = "pickup"`, next: "describeLatePick" }], otherwise: "rereadStock" },
    { key: "rereadStock", kind: "forEach", items: "input.part.lines", maxItems: 100, body: "rereadLevels", next: "chooseAlternative" },
    {
      key: "rereadLevels",
      kind: "action",
      connection: "shop",
      operation: "getInventoryLevels",
      input: { inventoryItemId: "item.inventoryItemId", names: `["available"]` },
      onError: { action: "exception" },
    },
    { key: "chooseAlternative", kind: "transform", expression: CHOOSE_ALTERNATIVE, next: "checkAlternative" },
    { key: "checkAlternative", kind: "branch", cases: [{ when: `$exists(${ALTERNATIVE})`, next: "rerouteAvailable" }], otherwise: "describeLatePick" },
    ...rerouteSteps(params),
    { key: "describeLatePick", kind: "transform", expression: describeLatePick(params), next: "reportLatePick" },
    { key: "reportLatePick", kind: "transform", expression: "$error(steps.describeLatePick.output.message)", onError: { action: "exception" } },
  ];
}
