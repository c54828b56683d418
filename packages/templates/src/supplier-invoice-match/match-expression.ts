import { literal } from "../template";
import { type TSupplierInvoiceMatchParams } from "./params";

/** Small enough to ignore, large enough to absorb floating-point noise in prices and quantities. */
const EPSILON = 0.000001;

/**
 * The three-way match, as one JSONata expression over the invoice, the purchase
 * order and its receipts (steps `subject`, `invoice`, `order`, `receipts`).
 *
 * Invoice item lines are compared per item number, since receipts are summed per
 * item: lines for one item are added up and priced at their quantity-weighted
 * average, on the invoice as on the order. What an invoice may bill is what was
 * received and not yet invoiced (received − invoiced before); the PO's invoiced
 * quantity counts posted invoices only, so the draft being matched is not in it.
 * Tolerances only forgive billing more: a lower price or a smaller quantity passes.
 * A charged line that is not an item (a G/L account line: freight, a surcharge)
 * has no receipt to check it against, so it never passes on its own.
 *
 * `$append([], …)` keeps a one-element result an array: JSONata otherwise hands
 * back the element itself.
 */
export function matchExpression(params: TSupplierInvoiceMatchParams): string {
  const tolerance = {
    pricePercent: params.priceTolerancePercent,
    priceAmount: params.priceToleranceAmount,
    quantityPercent: params.quantityTolerancePercent,
    quantityUnits: params.quantityToleranceUnits,
  };
  return `(
  $tolerance := ${literal(tolerance)};
  $epsilon := ${EPSILON};
  $subject := steps.subject.output;
  $order := steps.order.output;
  $received := steps.receipts.output.receivedByItem;
  $charged := $append([], steps.invoice.output.purchaseInvoiceLines[lineType != "Comment" and quantity != 0]);
  $orderLines := $append([], $order.purchaseOrderLines[lineType = "Item"]);
  $money := function($n) { $formatNumber($n, "#,##0.00") };

  $itemLine := function($number) {(
    $billed := $append([], $charged[lineType = "Item" and lineObjectNumber = $number]);
    $ordered := $append([], $orderLines[lineObjectNumber = $number]);
    $orderedQuantity := $sum($ordered.quantity);
    $previouslyInvoiced := $sum($ordered.invoicedQuantity);
    $receivedQuantity := $exists($lookup($received, $number)) ? $lookup($received, $number) : 0;
    $invoicedQuantity := $sum($billed.quantity);
    $open := $receivedQuantity - $previouslyInvoiced;
    $poPrice := $orderedQuantity > 0 ? $sum($ordered.(quantity * directUnitCost)) / $orderedQuantity : null;
    $invoicePrice := $sum($billed.(quantity * unitCost)) / $invoicedQuantity;
    $quantityAllowed := $max([$open * $tolerance.quantityPercent / 100, $tolerance.quantityUnits]);
    $overReceived := $invoicedQuantity - $open;
    $overOrdered := $previouslyInvoiced + $invoicedQuantity - $orderedQuantity;
    $priceDifference := $exists($poPrice) ? $invoicePrice - $poPrice : null;
    $priceAllowed := $exists($poPrice) ? $max([$poPrice * $tolerance.pricePercent / 100, $tolerance.priceAmount]) : null;
    $issues := [
      $count($ordered) = 0 ? "not on purchase order " & $order.number,
      ($count($ordered) > 0 and $overReceived > $quantityAllowed + $epsilon)
        ? "bills " & $string($round($overReceived, 4)) & " more than was received" & ($previouslyInvoiced > 0 ? " and not yet invoiced" : ""),
      ($count($ordered) > 0 and $overReceived <= $quantityAllowed + $epsilon and $overOrdered > $quantityAllowed + $epsilon)
        ? "bills " & $string($round($overOrdered, 4)) & " more than was ordered",
      ($exists($priceDifference) and $priceDifference > $priceAllowed + $epsilon)
        ? "unit price " & $money($invoicePrice) & " is " & $money($priceDifference) & " (" & $string($round(100 * $priceDifference / $poPrice, 2))
          & "%) above the PO price " & $money($poPrice) & ", beyond the tolerance of " & $money($priceAllowed) & " per unit"
    ];
    {
      "item": $number,
      "description": $billed[0].description,
      "orderedQuantity": $orderedQuantity,
      "receivedQuantity": $receivedQuantity,
      "previouslyInvoicedQuantity": $previouslyInvoiced,
      "invoicedQuantity": $invoicedQuantity,
      "quantityDifference": $round($overReceived, 4),
      "poUnitPrice": $exists($poPrice) ? $round($poPrice, 4) : null,
      "invoiceUnitPrice": $round($invoicePrice, 4),
      "priceDifference": $exists($priceDifference) ? $round($priceDifference, 4) : null,
      "priceDifferencePercent": $exists($priceDifference) and $poPrice != 0 ? $round(100 * $priceDifference / $poPrice, 2) : null,
      "issues": $issues,
      "matched": $count($issues) = 0
    }
  )};

  $chargeLine := function($line) {{
    "item": $line.lineType & " " & $line.lineObjectNumber,
    "description": $line.description,
    "invoicedQuantity": $line.quantity,
    "invoiceUnitPrice": $line.unitCost,
    "issues": ["a charge (" & $line.lineType & " line) with no receipt to match it against"],
    "matched": false
  }};

  $lines := $append(
    $append([], $map($distinct($charged[lineType = "Item"].lineObjectNumber), $itemLine)),
    $append([], $map($charged[lineType != "Item"], $chargeLine))
  );
  $differences := $append([], $lines[matched = false]);
  $matchedLines := $count($lines[matched = true]);
  $describe := function($line) {
    $line.item & ($line.description ? " " & $line.description : "") & ": " & $join($line.issues, "; ")
      & ($exists($line.orderedQuantity)
        ? " (ordered " & $string($line.orderedQuantity) & ", received " & $string($line.receivedQuantity)
          & ($line.previouslyInvoicedQuantity > 0 ? ", invoiced before " & $string($line.previouslyInvoicedQuantity) : "")
          & ", invoiced " & $string($line.invoicedQuantity)
          & ($exists($line.poUnitPrice) ? "; PO price " & $money($line.poUnitPrice) & ", invoice price " & $money($line.invoiceUnitPrice) : "") & ")"
        : " (" & $string($line.invoicedQuantity) & " × " & $money($line.invoiceUnitPrice) & ")")
  };
  $invoiceName := "Invoice " & $subject.invoiceNumber & " (vendor invoice " & $subject.vendorInvoiceNumber & ") from " & $subject.vendorName;
  {
    "purchaseOrderNumber": $order.number,
    "invoiceNumber": $subject.invoiceNumber,
    "matched": $count($differences) = 0,
    "lines": $lines,
    "differences": $differences,
    "tolerance": $tolerance,
    "reason": $count($differences) = 0
      ? $invoiceName & " matches purchase order " & $order.number & " and its receipts on "
        & ($count($lines) = 1 ? "its one line" : "all " & $string($count($lines)) & " lines")
        & ": nothing billed beyond what was received, and no unit price above the PO's beyond the tolerance."
      : $invoiceName & " does not match purchase order " & $order.number & " on " & $string($count($differences)) & " of " & $string($count($lines))
        & " lines. " & $join($map($differences, $describe), " | ")
        & ". Once the supplier corrects the invoice (or the missing goods are received), start the match again.",
    "kpis": { "invoiceLines": $count($lines), "matchedLines": $matchedLines }
  }
)`;
}
