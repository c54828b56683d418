import { defineTemplate, reportedKpi } from "../template";
import { movementSteps } from "./movement-steps";
import { ZInventorySyncParams } from "./params";
import { reconciliationSteps } from "./reconciliation-steps";
import { INVENTORY_SYNC_KEY, type TStepInput } from "./steps";

const VERSION = "1.0.0";

/**
 * Runs of this template do one of three things, told apart by their input:
 * a Square webhook (or a re-sync the template emitted) is a stock movement; a
 * drift emitted by reconciliation opens that drift's exception; anything else
 * (the schedule, a person starting it) reconciles.
 */
const ROUTE: TStepInput = {
  key: "route",
  kind: "branch",
  cases: [
    { when: `input.mode = "drift"`, next: "driftDetails" },
    { when: `input.trigger = "event" or input.mode = "movement"`, next: "movedCounts" },
  ],
  otherwise: "reconcileCatalog",
};

// The drift is the run's output for the operator to read; the exception's reason says it in words.
const DRIFT_STEPS: TStepInput[] = [
  { key: "driftDetails", kind: "transform", expression: "input.drift", next: "driftException" },
  { key: "driftException", kind: "transform", expression: "$error(steps.driftDetails.output.reason)", onError: { action: "exception" } },
];

export const inventorySyncTemplate = defineTemplate({
  key: INVENTORY_SYNC_KEY,
  version: VERSION,
  title: "Inventory sync",
  example: { stores: [{ squareLocationId: "L00000001", name: "Main Street", shopifyLocation: "Main Street" }] },
  summary: "Publishes store stock moves from Square to Shopify and reconciles counts with Business Central on a schedule.",
  description: [
    "Every stock movement in Square (a sale, a receipt, a count) sets the SKU's available quantity at the Shopify location the store feeds: the store's count less a safety stock, never below 0.",
    "The quantity is read from Square when the run happens, not taken from the event, and written only if Shopify still shows what the run read, so movements arriving late or out of order never bring back an older count.",
    "A negative count in Square is held for a person (it means a missed receipt or a mis-scanned sale) and nothing is published online for that SKU; Business Central's inventory is recorded alongside for comparison, since its API cannot set item stock.",
    "On a schedule, counts are compared across Square, Shopify and Business Central, and every SKU and store that differs by more than the drift tolerance opens its own exception; SKUs in agreement open nothing.",
  ].join(" "),
  category: "inventory",
  params: ZInventorySyncParams,
  bindings: {
    pos: {
      title: "Point of sale",
      description: "The stores' stock: its inventory webhooks start a sync, and each run reads the current count and the SKU from its catalogue.",
      connectors: ["square"],
    },
    shop: { title: "Web shop", description: "Where the online-sellable quantity is published, per location.", connectors: ["shopify"] },
    erp: { title: "ERP", description: "The book of record, read to compare its item inventory with the stores' counts.", connectors: ["business-central"] },
  },
  triggers: (params) => [
    { kind: "event", binding: "pos", event: "inventory.level.updated" },
    { kind: "schedule", cron: params.reconciliationCron, input: { mode: "reconcile" } },
    // Re-syncs and drift exceptions are runs this template emits for itself; a person may also reconcile now.
    { kind: "manual" },
  ],
  sla: {
    // A reconciliation pass over many SKUs waits on Shopify's rate limit; a movement takes seconds.
    runDurationMs: 15 * 60_000,
    // Drift exceptions are failed runs by design, so the target leaves room for them.
    successRate: 0.9,
    windowMs: 24 * 3_600_000,
    maxBacklogAgeMs: 5 * 60_000,
    cadenceMs: 2 * 3_600_000,
  },
  kpis: [
    { key: "skusPublished", title: "SKUs published", unit: "count", description: "SKUs whose online quantity a stock movement changed in Shopify.", value: reportedKpi("skusPublished") },
    {
      key: "syncLagMs",
      title: "Sync lag",
      unit: "ms",
      description: "From the stock movement in Square to its online quantity being settled in Shopify.",
      // Per store (the Square location the movement happened at), so one store's lagging feed stands out from the rest.
      value: `steps.movementSummary.output.{ "value": kpis.syncLagMs, "dimension": moves[0].squareLocationId }`,
      dimension: "store",
    },
    { key: "skusCompared", title: "SKUs reconciled", unit: "count", description: "SKUs a reconciliation pass compared across the three systems.", value: reportedKpi("skusCompared") },
    { key: "driftedSkus", title: "Drifted SKUs", unit: "count", description: "SKUs a reconciliation pass found out of step beyond the tolerance (each opened an exception).", value: reportedKpi("driftedSkus") },
    {
      key: "negativeStockCounts",
      title: "Negative stock counts",
      unit: "count",
      description: "SKUs a stock movement found below zero in Square (each held for a person), per store.",
      value: `steps.movementProblems.output.problems[outcome = "negativeStock"].{ "value": 1, "dimension": squareLocationId }`,
      dimension: "store",
    },
  ],
  definition: (params) => ({
    key: INVENTORY_SYNC_KEY,
    version: VERSION,
    title: "Inventory sync",
    start: "route",
    steps: [ROUTE, ...DRIFT_STEPS, ...movementSteps(params), ...reconciliationSteps(params)],
  }),
});
