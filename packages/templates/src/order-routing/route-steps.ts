import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TOrderRoutingParams } from "./params";
import { reservationSteps } from "./reservation-steps";
import { ORDER_LINES, planRouting } from "./routing-plan";
import { pickInstructionText } from "./store-messages";

type TStep = TWorkflowDefinitionInput["steps"][number];

const PLAN = "steps.plan.output";

/** Slack may refuse for a moment (rate limit, an outage); a store that is never told never picks. */
const NOTIFY_RETRY = { attempts: 5, initialDelayMs: 2000, maxDelayMs: 60_000 };

/** Read the order and every line's stock per location, in this run: the webhook's copy may be stale. */
function readSteps(): TStep[] {
  return [
    { key: "readOrder", kind: "action", connection: "shop", operation: "getOrder", input: { orderId: "input.event.payload.admin_graphql_api_id" }, onError: { action: "exception" }, next: "orderLines" },
    { key: "orderLines", kind: "transform", expression: ORDER_LINES, next: "readStock" },
    { key: "readStock", kind: "forEach", items: "steps.orderLines.output", maxItems: 100, body: "findVariant", next: "plan" },
    { key: "findVariant", kind: "action", connection: "shop", operation: "getVariantsBySku", input: { sku: "item.sku" }, onError: { action: "exception" }, next: "checkVariant" },
    { key: "checkVariant", kind: "branch", cases: [{ when: "$count(steps.findVariant.output.variants) > 0", next: "readLevels" }], otherwise: "unknownSku" },
    {
      key: "readLevels",
      kind: "action",
      connection: "shop",
      operation: "getInventoryLevels",
      input: { inventoryItemId: "steps.findVariant.output.variants[0].inventoryItemId", names: `["available"]` },
      onError: { action: "exception" },
    },
    // A SKU Shopify no longer knows is stocked nowhere: the plan reports its line short.
    { key: "unknownSku", kind: "transform", expression: `{ "sku": item.sku, "inventoryItemId": null, "levels": [] }` },
  ];
}

/** Each store's part: reserve it, tell the store, and start the run that holds the store to the pick SLA. */
function partSteps(params: TOrderRoutingParams, workflowKey: string): TStep[] {
  const note = `$count(${PLAN}.parts) > 1
    ? "Part " & (index + 1) & " of " & $count(${PLAN}.parts) & " of this order; the other lines go from " & $join([${PLAN}.parts[store != $part.store].store], ", ") & "."
    : ""`;
  return [
    { key: "routeParts", kind: "forEach", items: `${PLAN}.parts`, maxItems: 50, body: "holdAvailable", next: "summarise" },
    ...reservationSteps({ prefix: "hold", direction: "hold", part: "item", orderId: `${PLAN}.orderId`, next: "notifyStore" }),
    {
      key: "notifyStore",
      kind: "action",
      connection: "storeChat",
      operation: "postMessage",
      input: {
        text: pickInstructionText({ part: "item", orderName: `${PLAN}.orderName`, delivery: `${PLAN}.mode`, shipTo: `${PLAN}.shipTo`, note, pickSlaMinutes: params.pickSlaMinutes }),
      },
      retry: NOTIFY_RETRY,
      onError: { action: "exception" },
      next: "startPickRun",
    },
    {
      key: "startPickRun",
      kind: "emit",
      workflow: workflowKey,
      input: {
        mode: literal("pick"),
        orderId: `${PLAN}.orderId`,
        orderName: `${PLAN}.orderName`,
        orderCreatedAt: `${PLAN}.orderCreatedAt`,
        routedAt: `${PLAN}.routedAt`,
        delivery: `${PLAN}.mode`,
        shipTo: `${PLAN}.shipTo`,
        part: "item",
        ranking: `${PLAN}.ranking`,
        // Another part's store is never a reroute target: one pick event per order and store.
        usedLocations: `[${PLAN}.parts.store]`,
      },
    },
  ];
}

/** The routing run: read, plan, and either open the shortage exception or reserve and hand each part to its store. */
export function routeSteps(params: TOrderRoutingParams, workflowKey: string): TStep[] {
  return [
    ...readSteps(),
    { key: "plan", kind: "transform", expression: planRouting(params), next: "checkPlan" },
    { key: "checkPlan", kind: "branch", cases: [{ when: `$count(${PLAN}.shortLines) > 0`, next: "reportShort" }], otherwise: "routeParts" },
    // The plan's output keeps the short lines, line by line, for the operator; nothing was reserved.
    { key: "reportShort", kind: "transform", expression: `$error(${PLAN}.message)`, onError: { action: "exception" } },
    ...partSteps(params, workflowKey),
    {
      key: "summarise",
      kind: "transform",
      expression: `{
        "orderName": ${PLAN}.orderName,
        "mode": ${PLAN}.mode,
        "stores": [${PLAN}.parts.store],
        "pickRunIds": [steps.routeParts.output.runId],
        "kpis": { "splitCount": $max([$count(${PLAN}.parts) - 1, 0]) }
      }`,
    },
  ];
}
