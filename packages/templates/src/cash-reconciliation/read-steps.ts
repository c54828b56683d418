import { literal } from "../template";
import { type TCashReconciliationParams } from "./params";
import { type TStepInput } from "./steps";

const DAY = "steps.businessDay.output";
// A list that hit its limit would understate a figure: the store's figures then become an exception.
const MAX_LISTED = "20000";
const LIST_TIMEOUT_MS = 10 * 60_000;

/** The day's ledger for every store's account, in one read. */
function ledgerSteps(params: TCashReconciliationParams): TStepInput[] {
  return [
    {
      key: "ledger",
      kind: "action",
      connection: "erp",
      operation: "listGeneralLedgerEntries",
      input: { accountNumbers: literal(params.stores.map((s) => s.accountNumber)), postingDateFrom: `${DAY}.businessDate`, postingDateTo: `${DAY}.businessDate`, limit: MAX_LISTED },
      timeoutMs: LIST_TIMEOUT_MS,
      next: "storeReads",
    },
  ];
}

/**
 * Per store: its payments and refunds created within the business day, and the
 * payouts Square created since the day began (a later payout may carry the
 * day's last sales), each summed to figures in the currency's minor unit.
 */
function storeSteps(params: TCashReconciliationParams): TStepInput[] {
  const window = { locationId: "item.squareLocationId", beginTime: `${DAY}.beginTime`, endTime: `${DAY}.endTime` };
  return [
    { key: "storeReads", kind: "forEach", items: literal(params.stores), maxItems: 50, body: "storePayments", next: "payoutReads" },
    { key: "storePayments", kind: "action", connection: "pos", operation: "listPayments", input: { ...window, maxPayments: MAX_LISTED }, timeoutMs: LIST_TIMEOUT_MS, next: "storeRefunds" },
    { key: "storeRefunds", kind: "action", connection: "pos", operation: "listRefunds", input: { ...window, maxRefunds: MAX_LISTED }, timeoutMs: LIST_TIMEOUT_MS, next: "storePayouts" },
    {
      key: "storePayouts",
      kind: "action",
      connection: "pos",
      operation: "listPayouts",
      input: { locationId: "item.squareLocationId", beginTime: `${DAY}.beginTime`, maxPayouts: "100" },
      next: "storeTotals",
    },
    {
      key: "storeTotals",
      kind: "transform",
      expression: `(
        $currency := ${literal(params.currency)};
        $settled := ${literal(params.settledSourceTypes)};
        $store := item;
        $charged := function($p) { ($p.totalMoney ? $p.totalMoney : $p.amountMoney) };
        $payments := steps.storePayments.output.payments[status = "COMPLETED" and sourceType in $settled];
        $refunds := steps.storeRefunds.output.refunds[(status = "PENDING" or status = "COMPLETED") and destinationType in $settled];
        {
          "store": $store,
          "sales": $sum([$payments[$charged($).currency = $currency].$charged($).amount]),
          "payments": $count($payments),
          "refunds": $sum([$refunds[amountMoney.currency = $currency].amountMoney.amount]),
          "refundCount": $count($refunds),
          "otherCurrency": $count($payments[$charged($).currency != $currency]) + $count($refunds[amountMoney.currency != $currency]),
          "truncated": steps.storePayments.output.truncated or steps.storeRefunds.output.truncated or steps.storePayouts.output.truncated,
          "payouts": [steps.storePayouts.output.payouts[status != "FAILED"].{ "payoutId": id, "status": status, "squareLocationId": $store.squareLocationId }]
        }
      )`,
    },
  ];
}

/** Each payout's entries that took effect within the business day, summed by kind. */
function payoutSteps(params: TCashReconciliationParams): TStepInput[] {
  return [
    { key: "payoutReads", kind: "forEach", items: "[steps.storeReads.output.payouts]", maxItems: 1000, body: "payoutEntries", next: "compare" },
    { key: "payoutEntries", kind: "action", connection: "pos", operation: "listPayoutEntries", input: { payoutId: "item.payoutId", maxEntries: MAX_LISTED }, timeoutMs: LIST_TIMEOUT_MS, next: "payoutTotals" },
    {
      key: "payoutTotals",
      kind: "transform",
      expression: `(
        $currency := ${literal(params.currency)};
        $begin := $toMillis(${DAY}.beginTime);
        $end := $toMillis(${DAY}.endTime);
        $entries := steps.payoutEntries.output.entries[effectiveAt != null and $toMillis(effectiveAt) >= $begin and $toMillis(effectiveAt) < $end];
        $inCurrency := $entries[grossAmountMoney.currency = $currency];
        $merge([item, {
          "charges": $sum([$inCurrency[type = "CHARGE"].grossAmountMoney.amount]),
          "refunds": $sum([$inCurrency[type = "REFUND"].grossAmountMoney.amount]),
          "other": $sum([$inCurrency[type != "CHARGE" and type != "REFUND"].grossAmountMoney.amount]),
          "fees": $sum([$inCurrency.feeAmountMoney.amount]),
          "net": $sum([$inCurrency.netAmountMoney.amount]),
          "entries": $count($entries),
          "otherCurrency": $count($entries[grossAmountMoney.currency != $currency]),
          "truncated": steps.payoutEntries.output.truncated
        }])
      )`,
    },
  ];
}

/** The reading half: the ledger, then each store's Square figures, then the entries of their payouts. */
export function readSteps(params: TCashReconciliationParams): TStepInput[] {
  return [...ledgerSteps(params), ...storeSteps(params), ...payoutSteps(params)];
}
