import { literal } from "../template";
import { type TInventorySyncParams } from "./params";
import { INVENTORY_SYNC_KEY, type TStepInput } from "./steps";

const VARIATIONS_WITH_SKU = `steps.reconcileCatalog.output.variations[$type(sku) = "string"]`;

/** Square's SKUs with their count at each store, and Business Central's figure when it is compared. */
function reconcileReadSteps(params: TInventorySyncParams): TStepInput[] {
  const erpBinding = params.compareErp ? `$erp := steps.reconcileErp.output;` : "";
  const erpField = params.compareErp
    ? `,
            "erp": (
              $erpItem := $erp.items[$uppercase(number) = $uppercase($variation.sku)][0];
              $exists($erpItem) ? { "found": true, "inventory": $erpItem.inventory } : { "found": $erp.truncated ? null : false }
            )`
    : "";
  return [
    {
      key: "reconcileCatalog",
      kind: "action",
      connection: "pos",
      operation: "searchCatalogVariations",
      input: params.skus.length > 0 ? { skus: literal(params.skus) } : {},
      next: "reconcileAny",
    },
    { key: "reconcileAny", kind: "branch", cases: [{ when: `$count(${VARIATIONS_WITH_SKU}) > 0`, next: "reconcileCounts" }], otherwise: "reconcileSummary" },
    {
      key: "reconcileCounts",
      kind: "action",
      connection: "pos",
      operation: "getInventoryCounts",
      input: { catalogObjectIds: `[${VARIATIONS_WITH_SKU}.id]`, locationIds: literal(params.stores.map((s) => s.squareLocationId)) },
      next: params.compareErp ? "reconcileErp" : "reconcileSkus",
    },
    // One list instead of a call per SKU; an item missing from a truncated list is "unknown", not drift.
    ...(params.compareErp ? [{ key: "reconcileErp", kind: "action", connection: "erp", operation: "listItems", input: { limit: "5000" }, next: "reconcileSkus" } as const] : []),
    {
      key: "reconcileSkus",
      kind: "forEach",
      maxItems: 1000,
      items: `(
        $counts := steps.reconcileCounts.output.counts;
        $stores := ${literal(params.stores)};
        ${erpBinding}
        [${VARIATIONS_WITH_SKU}.(
          $variation := $;
          {
            "sku": sku,
            "stores": [$stores.(
              $store := $;
              $quantity := $counts[catalogObjectId = $variation.id and locationId = $store.squareLocationId][0].quantity;
              $merge([$store, { "posCount": $exists($quantity) ? $number($quantity) : 0 }])
            )]${erpField}
          }
        )]
      )`,
      body: "recVariant",
      next: "reconcileDrifts",
    },
  ];
}

/** One SKU: Shopify's available at each store's location against the store's count less safety stock, and the ERP's total against the stores'. */
function reconcileSkuSteps(params: TInventorySyncParams): TStepInput[] {
  const tolerance = literal(params.driftTolerance);
  const erpChecks = params.compareErp
    ? `(
        $total := $sum(item.stores.posCount);
        $storeNames := $join(item.stores.name, ", ");
        item.erp.found = true ? (
          $difference := item.erp.inventory - $total;
          $drifted := $abs($difference) > $tolerance;
          [{
            "kind": "erp", "sku": $sku, "store": $storeNames, "posCount": $total, "expected": $total, "actual": item.erp.inventory,
            "drifted": $drifted,
            "reason": $drifted ? $sku & ": Business Central holds " & $string(item.erp.inventory) & ", Square counts " & $string($total) & " at " & $storeNames & "; off by " & $string($abs($difference)) & ", beyond the tolerance of " & $string($tolerance)
          }]
        ) : item.erp.found = false ? [{
            "kind": "erp", "sku": $sku, "store": $storeNames, "posCount": $total, "drifted": true,
            "reason": $sku & ": Business Central has no item with this number, though Square counts " & $string($total) & " at " & $storeNames
        }] : []
      )`
    : "[]";
  return [
    { key: "recVariant", kind: "action", connection: "shop", operation: "getVariantsBySku", input: { sku: "item.sku" }, next: "recOnline" },
    // A SKU the shop does not sell has no online figure to compare; the ERP comparison still applies.
    { key: "recOnline", kind: "branch", cases: [{ when: "$count(steps.recVariant.output.variants) > 0", next: "recLevels" }], otherwise: "recCompare" },
    {
      key: "recLevels",
      kind: "action",
      connection: "shop",
      operation: "getInventoryLevels",
      input: { inventoryItemId: "steps.recVariant.output.variants[0].inventoryItemId", names: `["available"]` },
      next: "recCompare",
    },
    {
      key: "recCompare",
      kind: "transform",
      expression: `(
        $buffer := ${literal(params.safetyStock)};
        $tolerance := ${tolerance};
        $sku := item.sku;
        $levels := steps.recLevels.output.levels;
        $online := $exists(steps.recLevels.output);
        $onlineChecks := $online ? [item.stores.(
          $expected := $max([$floor(posCount) - $buffer, 0]);
          $location := shopifyLocation;
          $available := $levels[locationName = $location][0].quantities.available;
          $stocked := $exists($available);
          $difference := $stocked ? $available - $expected;
          $drifted := $not($stocked) or $abs($difference) > $tolerance;
          {
            "kind": "online", "sku": $sku, "store": name, "squareLocationId": squareLocationId, "shopifyLocation": shopifyLocation,
            "posCount": posCount, "expected": $expected, "actual": $available,
            "drifted": $drifted,
            "reason": $drifted ? ($stocked
              ? $sku & " at " & name & ": Shopify shows " & $string($available) & " available at \\"" & shopifyLocation & "\\", expected " & $string($expected) & " from Square's " & $string(posCount) & " less the safety stock of " & $string($buffer) & "; off by " & $string($abs($difference)) & ", beyond the tolerance of " & $string($tolerance)
              : $sku & " at " & name & ": not stocked at the Shopify location \\"" & shopifyLocation & "\\", which should show " & $string($expected) & " available")
          }
        )] : [];
        $erpChecks := ${erpChecks};
        { "sku": $sku, "soldOnline": $online, "checks": [$onlineChecks, $erpChecks], "drifts": [$onlineChecks[drifted], $erpChecks[drifted]] }
      )`,
    },
  ];
}

/** Opens one exception per drifted SKU and store, each as a child run of its own, then reports the pass. */
function reconcileEndSteps(): TStepInput[] {
  return [
    { key: "reconcileDrifts", kind: "transform", expression: "[steps.reconcileSkus.output.drifts]", next: "reconcileOpen" },
    { key: "reconcileOpen", kind: "forEach", items: "steps.reconcileDrifts.output", maxItems: 10_000, body: "reconcileEmit", next: "reconcileSummary" },
    { key: "reconcileEmit", kind: "emit", workflow: INVENTORY_SYNC_KEY, input: { mode: `"drift"`, drift: "item" } },
    {
      key: "reconcileSummary",
      kind: "transform",
      expression: `{
        "kpis": {
          "skusCompared": $count(steps.reconcileSkus.output),
          "driftedSkus": $count($distinct(steps.reconcileDrifts.output.sku))
        },
        "drifts": [steps.reconcileDrifts.output],
        "skus": [steps.reconcileSkus.output]
      }`,
    },
  ];
}

/** The scheduled half: counts compared across the three systems. */
export function reconciliationSteps(params: TInventorySyncParams): TStepInput[] {
  return [...reconcileReadSteps(params), ...reconcileSkuSteps(params), ...reconcileEndSteps()];
}
