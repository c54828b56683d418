import { literal } from "../template";
import { minorUnitDigits } from "./currency";
import { type TCashReconciliationParams } from "./params";
import { CASH_RECONCILIATION_KEY, type TStepInput } from "./steps";

/**
 * JSONata turning each store's reads into its three figures, their differences
 * from the takings and the verdict. Amounts are added up in the minor unit
 * (whole cents), so no float drift can make or hide a variance, and reported in
 * the currency's main unit.
 */
function compareExpression(params: TCashReconciliationParams): string {
  const digits = minorUnitDigits(params.currency);
  const scale = 10 ** digits;
  const pattern = digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0";
  return `(
    $day := steps.businessDay.output;
    $currency := ${literal(params.currency)};
    $scale := ${scale};
    $toleranceMinor := ${Math.round(params.toleranceAmount * scale)};
    $percent := ${literal(params.tolerancePercent)};
    $major := function($minor) { $minor / $scale };
    $show := function($minor) { $formatNumber($minor / $scale, ${literal(pattern)}) };
    $against := function($minor) { $minor = 0 ? "agrees" : $minor < 0 ? "short by " & $show(-$minor) : "over by " & $show($minor) };
    $ledger := steps.ledger.output;
    $payouts := steps.payoutReads.output;
    [steps.storeReads.output.(
      $store := store;
      $posNet := sales - refunds;
      $mine := $payouts[squareLocationId = $store.squareLocationId];
      $charges := $sum([$mine.charges]);
      $refunded := $sum([$mine.refunds]);
      $other := $sum([$mine.other]);
      $payout := $charges + $refunded + $other;
      $lines := $ledger.entries[accountNumber = $store.accountNumber];
      $debit := $round($sum([$lines.debitAmount]) * $scale);
      $credit := $round($sum([$lines.creditAmount]) * $scale);
      $journal := $debit - $credit;
      $allowed := $max([$toleranceMinor, $round($abs($posNet) * $percent / 100)]);
      $payoutDifference := $payout - $posNet;
      $journalDifference := $journal - $posNet;
      /* A condition with no else is undefined when false, and the array drops it. */
      $problems := [
        truncated or $count($mine[truncated]) > 0 ? "Square listed more payments, refunds or payout entries than one run reads; the figures are incomplete",
        $ledger.truncated ? "Business Central listed more ledger entries than one run reads; the ledger figure is incomplete",
        otherCurrency + $sum([$mine.otherCurrency]) > 0 ? "Square shows money in a currency other than " & $currency & ", left out of the figures"
      ];
      $variance := $abs($payoutDifference) > $allowed or $abs($journalDifference) > $allowed or $count($problems) > 0;
      {
        "store": $store.name,
        "squareLocationId": $store.squareLocationId,
        "accountNumber": $store.accountNumber,
        "businessDate": $day.businessDate,
        "currency": $currency,
        "pos": { "cardSales": $major(sales), "refunds": $major(refunds), "net": $major($posNet), "payments": payments, "refundCount": refundCount },
        "payout": {
          "entries": $major($payout), "charges": $major($charges), "refunds": $major($refunded), "other": $major($other),
          "fees": $major($sum([$mine.fees])), "net": $major($sum([$mine.net])), "payoutIds": [$mine.payoutId]
        },
        "journal": { "net": $major($journal), "debit": $major($debit), "credit": $major($credit), "entries": $count($lines) },
        "differences": { "payoutVsPos": $major($payoutDifference), "journalVsPos": $major($journalDifference) },
        "tolerance": $major($allowed),
        "variance": $variance,
        "problems": $problems,
        "reason": $store.name & ", business day " & $day.businessDate & ": Square card takings " & $show($posNet) & " " & $currency
          & "; Square payouts " & $show($payout) & " (" & $against($payoutDifference) & ")"
          & "; Business Central account " & $store.accountNumber & " " & $show($journal) & " (" & $against($journalDifference) & ")"
          & "; tolerance " & $show($allowed) & " " & $currency
          & ($count($problems) > 0 ? ". " & $join($problems, ". ") : "")
      }
    )]
  )`;
}

/** Compares each store's figures, opens one exception per store out of tolerance (a child run each), and reports the day. */
export function compareSteps(params: TCashReconciliationParams): TStepInput[] {
  return [
    { key: "compare", kind: "transform", expression: compareExpression(params), next: "openVariances" },
    { key: "openVariances", kind: "forEach", items: "[steps.compare.output[variance]]", maxItems: 50, body: "emitVariance", next: "summary" },
    { key: "emitVariance", kind: "emit", workflow: CASH_RECONCILIATION_KEY, input: { mode: `"variance"`, variance: "item" } },
    {
      key: "summary",
      kind: "transform",
      expression: `(
        $stores := [steps.compare.output];
        $variances := [$stores[variance]];
        $worst := function($s) { $max([$abs($s.differences.payoutVsPos), $abs($s.differences.journalVsPos)]) };
        {
          "businessDate": steps.businessDay.output.businessDate,
          "beginTime": steps.businessDay.output.beginTime,
          "endTime": steps.businessDay.output.endTime,
          "currency": ${literal(params.currency)},
          "kpis": {
            "storesReconciled": $count($stores),
            "storesWithVariance": $count($variances),
            "cardTakings": $round($sum([$stores.pos.net]), ${minorUnitDigits(params.currency)}),
            "varianceAmount": $round($sum([$variances.$worst($)]), ${minorUnitDigits(params.currency)})
          },
          "stores": $stores
        }
      )`,
    },
  ];
}
