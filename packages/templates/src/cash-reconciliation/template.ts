import { defineTemplate, reportedKpi } from "../template";
import { businessDayExpression } from "./business-day";
import { compareSteps } from "./compare-steps";
import { ZCashReconciliationParams } from "./params";
import { readSteps } from "./read-steps";
import { CASH_RECONCILIATION_KEY, type TStepInput } from "./steps";

const VERSION = "1.0.0";

/** A variance the reconciliation emitted opens its exception; anything else (the schedule, a person) reconciles a day. */
const ROUTE: TStepInput = { key: "route", kind: "branch", cases: [{ when: `input.mode = "variance"`, next: "varianceDetails" }], otherwise: "businessDay" };

// The store's figures are the run's output for the operator to read; the exception's reason says them in words.
const VARIANCE_STEPS: TStepInput[] = [
  { key: "varianceDetails", kind: "transform", expression: "input.variance", next: "varianceException" },
  { key: "varianceException", kind: "transform", expression: "$error(steps.varianceDetails.output.reason)", onError: { action: "exception" } },
];

export const cashReconciliationTemplate = defineTemplate({
  key: CASH_RECONCILIATION_KEY,
  version: VERSION,
  title: "Daily cash reconciliation",
  summary: "Each morning, checks every store's card takings in Square against Square's payouts and the takings booked in Business Central.",
  description: [
    "Every day, for the previous business day and each store, three figures are compared.",
    "Card takings: the store's completed Square payments of the types Square pays out (cards, wallets, buy now pay later; never cash), tips included, less the refunds made to them that day.",
    "Payouts: the entries of the store's Square payouts (sent or paid; failed ones count for nothing) that took effect that day, whichever payout carries them; charges, refunds and any adjustments or holds count at their gross amount, and Square's processing fees are reported beside them, not held against the store.",
    "Ledger: the movement, debits less credits, of the store's Business Central account on that posting date, where the daily sales posting books the card takings; post the payout's settlement on its own (later) date.",
    "The template reads and reports; it posts nothing. The day's takings are the sales posting's job, and a reconciliation that booked them itself would agree with Square by construction and hide the very mistakes it is there to find.",
    "A store whose payouts or ledger differ from its takings by more than the tolerance (the larger of an amount and a percentage of the takings) opens one exception with the three figures and both differences, as does a store whose figures could not be read in full; stores within tolerance open nothing.",
    "The business day runs from the cut-off to the next day's cut-off in the client's time zone; a person can reconcile any day again by starting a run with a businessDate.",
  ].join(" "),
  category: "finance",
  params: ZCashReconciliationParams,
  example: { stores: [{ squareLocationId: "L88917AVBK2S5", name: "Main Street", accountNumber: "10100" }] },
  bindings: {
    pos: { title: "Point of sale and payments", description: "The stores' Square account: each location's payments and refunds, and the payouts Square sends to the bank.", connectors: ["square"] },
    erp: { title: "ERP", description: "The book of record: the general ledger entries of each store's card takings account are read, never written.", connectors: ["business-central"] },
  },
  triggers: (params) => [
    { kind: "schedule", cron: params.cron, input: { mode: "reconcile" } },
    // Variance exceptions are runs this template emits for itself; a person may also reconcile a given day.
    { kind: "manual" },
  ],
  sla: {
    runDurationMs: 15 * 60_000,
    // Variance exceptions are failed runs by design, so the target leaves room for them.
    successRate: 0.9,
    windowMs: 7 * 24 * 3_600_000,
    maxBacklogAgeMs: 30 * 60_000,
    cadenceMs: 26 * 3_600_000,
  },
  kpis: [
    { key: "storesReconciled", title: "Stores reconciled", unit: "count", description: "Stores whose business day was compared across Square, its payouts and Business Central.", value: reportedKpi("storesReconciled") },
    { key: "storesWithVariance", title: "Stores with a variance", unit: "count", description: "Stores out of tolerance or not fully readable; each opened an exception.", value: reportedKpi("storesWithVariance") },
    { key: "cardTakings", title: "Card takings", unit: "currency", description: "The stores' card takings for the day, net of refunds, as Square reports them.", value: reportedKpi("cardTakings") },
    { key: "varianceAmount", title: "Unreconciled amount", unit: "currency", description: "Over the stores with a variance, the larger of each store's payout and ledger differences, added up.", value: reportedKpi("varianceAmount") },
  ],
  definition: (params, context) => ({
    key: CASH_RECONCILIATION_KEY,
    version: VERSION,
    title: "Daily cash reconciliation",
    start: "route",
    steps: [
      ROUTE,
      ...VARIANCE_STEPS,
      {
        key: "businessDay",
        kind: "transform",
        expression: businessDayExpression({ timeZone: context.timezone, cutoff: params.businessDayCutoff, daysBack: params.daysBack }),
        next: "ledger",
      },
      ...readSteps(params),
      ...compareSteps(params),
    ],
  }),
});
