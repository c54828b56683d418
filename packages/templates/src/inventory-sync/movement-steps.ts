import { literal } from "../template";
import { type TInventorySyncParams } from "./params";
import { INVENTORY_SYNC_KEY, type TStepInput } from "./steps";

/** Item outcomes an operator has to act on: the run parks once the other SKUs are done. */
const PROBLEM_OUTCOMES = ["negativeStock", "notStockedOnline"];

/**
 * The (variation, store) pairs a stock movement touched, with their SKUs: from a
 * Square inventory webhook, or from a re-sync this template emitted for itself.
 * Only IN_STOCK counts at mapped stores matter; a sale's SOLD count is not stock.
 */
function movedPairSteps(params: TInventorySyncParams): TStepInput[] {
  return [
    {
      key: "movedCounts",
      kind: "transform",
      expression: `(
        $stores := ${literal(params.stores)};
        $moved := input.mode = "movement"
          ? input.counts
          : input.event.payload.data.object.inventory_counts[state = "IN_STOCK"].{ "catalogObjectId": catalog_object_id, "locationId": location_id };
        [$distinct($moved[locationId in $stores.squareLocationId])]
      )`,
      next: "movedAny",
    },
    { key: "movedAny", kind: "branch", cases: [{ when: "$count(steps.movedCounts.output) > 0", next: "movedVariations" }], otherwise: "movementSummary" },
    {
      key: "movedVariations",
      kind: "action",
      title: "Name the moved variations' SKUs",
      connection: "pos",
      operation: "getCatalogVariations",
      input: { ids: "[$distinct(steps.movedCounts.output.catalogObjectId)]" },
      next: "moves",
    },
    {
      key: "moves",
      kind: "forEach",
      maxItems: 100,
      items: `(
        $variations := steps.movedVariations.output.variations;
        $stores := ${literal(params.stores)};
        $skus := ${literal(params.skus)};
        [steps.movedCounts.output.(
          $pair := $;
          {
            "catalogObjectId": catalogObjectId,
            "locationId": locationId,
            "sku": $variations[id = $pair.catalogObjectId][0].sku,
            "store": $stores[squareLocationId = $pair.locationId][0]
          }
        )[$type(sku) = "string" and ($count($skus) = 0 or sku in $skus)]]
      )`,
      body: "moveVariant",
      next: "movesChecked",
    },
  ];
}

/**
 * Publishes one SKU's online quantity at one store's Shopify location.
 *
 * Per-SKU ordering: Square webhooks for one SKU can arrive, and their runs can
 * finish, in any order, so the quantity an event carries is never used. The run
 * reads Shopify's current available first, then Square's count, and writes
 * max(count − safety stock, 0) as an absolute quantity with Shopify's
 * compare-and-swap (changeFromQuantity = the value it read). A write lands only
 * if nothing was written since the run read Shopify, so its Square read is newer
 * than that of every write before it: an older count cannot overwrite a newer
 * one. When the swap is refused, someone wrote in between, perhaps from an older
 * read, so the run emits a fresh movement run for the pair, which reads both
 * systems again.
 */
function moveItemSteps(params: TInventorySyncParams): TStepInput[] {
  const plan = "steps.movePlan.output";
  return [
    { key: "moveVariant", kind: "action", connection: "shop", operation: "getVariantsBySku", input: { sku: "item.sku" }, next: "moveOnline" },
    { key: "moveOnline", kind: "branch", cases: [{ when: "$count(steps.moveVariant.output.variants) > 0", next: "moveLevel" }], otherwise: "moveNotOnline" },
    { key: "moveNotOnline", kind: "transform", expression: `{ "sku": item.sku, "store": item.store.name, "outcome": "notSoldOnline" }` },
    {
      key: "moveLevel",
      kind: "action",
      connection: "shop",
      operation: "getInventoryLevels",
      input: { inventoryItemId: "steps.moveVariant.output.variants[0].inventoryItemId", names: `["available"]` },
      next: "moveStocked",
    },
    {
      key: "moveStocked",
      kind: "branch",
      cases: [{ when: "($location := item.store.shopifyLocation; $exists(steps.moveLevel.output.levels[locationName = $location]))", next: "moveCount" }],
      otherwise: "moveNotStocked",
    },
    {
      key: "moveNotStocked",
      kind: "transform",
      expression: `{ "sku": item.sku, "store": item.store.name, "shopifyLocation": item.store.shopifyLocation, "outcome": "notStockedOnline" }`,
    },
    {
      key: "moveCount",
      kind: "action",
      title: "Read the store's count now, after Shopify's",
      connection: "pos",
      operation: "getInventoryCounts",
      input: { catalogObjectIds: "[item.catalogObjectId]", locationIds: "[item.locationId]" },
      next: "moveErp",
    },
    {
      // Business Central's API has no item journal to set a count with, so the
      // ERP figure is read for the record only; a missing item must not hold up the shop.
      key: "moveErp",
      kind: "action",
      connection: "erp",
      operation: "getItemInventory",
      input: { number: "item.sku" },
      onError: { action: "continue" },
      next: "movePlan",
    },
    {
      key: "movePlan",
      kind: "transform",
      expression: `(
        $location := item.store.shopifyLocation;
        $level := steps.moveLevel.output.levels[locationName = $location][0];
        $quantity := steps.moveCount.output.counts[0].quantity;
        $pos := $exists($quantity) ? $number($quantity) : 0;
        $online := $max([$floor($pos) - ${literal(params.safetyStock)}, 0]);
        {
          "sku": item.sku,
          "store": item.store.name,
          "squareLocationId": item.locationId,
          "shopifyLocation": $location,
          "posCount": $pos,
          "onlineQuantity": $online,
          "shopifyBefore": $level.quantities.available,
          "inventoryItemId": steps.moveVariant.output.variants[0].inventoryItemId,
          "shopifyLocationId": $level.locationId,
          "erpInventory": steps.moveErp.output.inventory,
          "erpError": steps.moveErp.output.error,
          "outcome": $pos < 0 ? "negativeStock" : $online = $level.quantities.available ? "inSync" : "toPublish"
        }
      )`,
      next: "moveDecide",
    },
    { key: "moveDecide", kind: "branch", cases: [{ when: `${plan}.outcome = "toPublish"`, next: "moveSet" }], otherwise: "moveHeld" },
    // An item's result is its last step's output: a negative count or a quantity already right ends with the plan.
    { key: "moveHeld", kind: "transform", expression: plan },
    {
      key: "moveSet",
      kind: "action",
      title: "Publish the online quantity",
      connection: "shop",
      operation: "setInventoryQuantities",
      input: {
        name: `"available"`,
        reason: `"correction"`,
        referenceDocumentUri: `"storeflow://${INVENTORY_SYNC_KEY}/runs/" & run.id`,
        quantities: `[{ "inventoryItemId": ${plan}.inventoryItemId, "locationId": ${plan}.shopifyLocationId, "quantity": ${plan}.onlineQuantity, "changeFromQuantity": ${plan}.shopifyBefore }]`,
      },
      onError: { action: "continue" },
      next: "moveSetChecked",
    },
    {
      key: "moveSetChecked",
      kind: "branch",
      cases: [
        { when: `$contains(steps.moveSet.output.error, "CHANGE_FROM_QUANTITY_STALE")`, next: "moveResync" },
        { when: "$exists(steps.moveSet.output.error)", next: "moveSetFailed" },
      ],
      otherwise: "movePublished",
    },
    {
      key: "moveResync",
      kind: "emit",
      workflow: INVENTORY_SYNC_KEY,
      input: { mode: `"movement"`, counts: `[{ "catalogObjectId": item.catalogObjectId, "locationId": item.locationId }]` },
      next: "moveSuperseded",
    },
    { key: "moveSuperseded", kind: "transform", expression: `$merge([${plan}, { "outcome": "superseded", "resyncRunId": steps.moveResync.output.runId }])` },
    { key: "moveSetFailed", kind: "transform", expression: "$error(steps.moveSet.output.error)", onError: { action: "exception" } },
    { key: "movePublished", kind: "transform", expression: `$merge([${plan}, { "outcome": "published" }])` },
  ];
}

/** After every pair: park the run if one needs a person, else report. */
function movementEndSteps(): TStepInput[] {
  const problems = `steps.moves.output[outcome in ${literal(PROBLEM_OUTCOMES)}]`;
  return [
    { key: "movesChecked", kind: "branch", cases: [{ when: `$count(${problems}) > 0`, next: "movementProblems" }], otherwise: "movementSummary" },
    {
      key: "movementProblems",
      kind: "transform",
      expression: `(
        $problems := ${problems};
        {
          "problems": [$problems],
          "reason": $join($problems.(
            outcome = "negativeStock"
              ? "Square shows " & $string(posCount) & " in stock of " & sku & " at " & store & " (" & squareLocationId & "); a negative count is a missed receipt or a mis-scanned sale, so nothing was published online for it"
              : sku & " is sold online but not stocked at the Shopify location \\"" & shopifyLocation & "\\" that " & store & " feeds; stock it there or correct the store's mapping"
          ), "; ")
        }
      )`,
      next: "movementException",
    },
    { key: "movementException", kind: "transform", expression: "$error(steps.movementProblems.output.reason)", onError: { action: "exception" } },
    {
      key: "movementSummary",
      kind: "transform",
      expression: `{
        "kpis": {
          "skusPublished": $count(steps.moves.output[outcome = "published"]),
          "syncLagMs": $exists(input.event.occurredAt) ? $millis() - $toMillis(input.event.occurredAt)
        },
        "moves": [steps.moves.output]
      }`,
    },
  ];
}

/** The event-driven half: a Square stock movement published to Shopify. */
export function movementSteps(params: TInventorySyncParams): TStepInput[] {
  return [...movedPairSteps(params), ...moveItemSteps(params), ...movementEndSteps()];
}
