import { randomUUID } from "node:crypto";
import { BcError } from "./errors";
import { dialogError, nextTimestamp, type TChangeSink } from "./fields";
import { purchaseInvoiceFor } from "./purchasing";
import { type TBcDocumentLine, type TBcPurchaseInvoice, type TBcPurchaseOrder, type TBcState } from "./state";

/** Options for {@link enterPurchaseInvoice}: the vendor's invoice as accounts payable types it in. */
export interface EnterPurchaseInvoiceOptions {
  orderNumber: string;
  vendorInvoiceNumber: string;
  /** As the vendor billed them; absent: what was received and not yet invoiced, at the order's costs. */
  lines?: { itemNumber: string; quantity: number; directUnitCost?: number }[];
}

function findOrder(state: TBcState, orderNumber: string): TBcPurchaseOrder {
  const order = state.purchaseOrders.find((candidate) => candidate.number === orderNumber);
  if (!order) throw new BcError(404, "BadRequest_NotFound", `The purchase order ${orderNumber} does not exist.`);
  return order;
}

function billedLines(order: TBcPurchaseOrder, options: EnterPurchaseInvoiceOptions): { line: TBcDocumentLine; quantity: number; cost: number }[] {
  const itemLines = order.lines.filter((line) => line.lineType === "Item");
  if (!options.lines) return itemLines.map((line) => ({ line, quantity: line.receivedQuantity - line.invoicedQuantity, cost: line.unitAmount })).filter((billed) => billed.quantity > 0);
  return options.lines.map((billed) => {
    const line = itemLines.find((candidate) => candidate.lineObjectNumber === billed.itemNumber.toUpperCase());
    if (!line) throw dialogError(`The item ${billed.itemNumber} is not on purchase order ${order.number}.`);
    return { line, quantity: billed.quantity, cost: billed.directUnitCost ?? line.unitAmount };
  });
}

/**
 * Enters the vendor's invoice for an order as a draft (status Draft, a number from
 * the invoice series, not the posted-invoice one): the state a three-way match
 * looks at before anyone posts it. Business Central notifies it as created.
 */
export function enterPurchaseInvoice(state: TBcState, options: EnterPurchaseInvoiceOptions, notify: TChangeSink): TBcPurchaseInvoice {
  const order = findOrder(state, options.orderNumber);
  const id = randomUUID();
  const lines = billedLines(order, options).map(({ line, quantity, cost }, index) => ({
    ...line,
    id: randomUUID(),
    documentId: id,
    sequence: (index + 1) * 10000,
    quantity,
    unitAmount: cost,
    receivedQuantity: 0,
    invoicedQuantity: 0,
  }));
  const invoice = purchaseInvoiceFor(state, order, { id, number: String(state.counters.purchaseInvoiceDraft++), vendorInvoiceNumber: options.vendorInvoiceNumber, status: "Draft", lines });
  state.purchaseInvoices.push(invoice);
  notify("purchaseInvoices", invoice.id, "created");
  return invoice;
}

// Each invoiced quantity fills the order's lines for the item in sequence; what is left goes on the last one.
function countAsInvoiced(order: TBcPurchaseOrder, invoiceLines: TBcDocumentLine[]): void {
  for (const billed of invoiceLines.filter((line) => line.lineType === "Item")) {
    const orderLines = order.lines.filter((line) => line.lineType === "Item" && line.lineObjectNumber === billed.lineObjectNumber);
    let left = billed.quantity;
    orderLines.forEach((line, index) => {
      const taken = index === orderLines.length - 1 ? left : Math.min(left, Math.max(0, line.quantity - line.invoicedQuantity));
      line.invoicedQuantity += taken;
      left -= taken;
    });
  }
}

/**
 * `POST purchaseInvoices(<id>)/Microsoft.NAV.post`, as the Post action does. The
 * record keeps its id (Business Central carries the draft's SystemId over to the
 * posted invoice) and takes the next posted-invoice number; its quantities count
 * as invoiced on the order, and an order fully received and invoiced is deleted.
 */
export function postPurchaseInvoice(state: TBcState, invoiceId: string, notify: TChangeSink): void {
  const invoice = state.purchaseInvoices.find((candidate) => candidate.id.toLowerCase() === invoiceId.toLowerCase());
  if (!invoice) throw new BcError(404, "BadRequest_NotFound", "The specified resource does not exist.");
  if (invoice.status !== "Draft") throw dialogError(`Purchase invoice ${invoice.number} has already been posted.`);
  if (!invoice.vendorInvoiceNumber) {
    throw dialogError("You need to enter the document number of the document from the vendor in the Vendor Invoice No. field, so that this document stays linked to the original.");
  }
  if (!invoice.lines.some((line) => line.lineType !== "Comment" && line.quantity > 0)) throw dialogError("There is nothing to post.");
  const order = state.purchaseOrders.find((candidate) => candidate.number === invoice.orderNumber);
  if (order) {
    countAsInvoiced(order, invoice.lines);
    order.lastModifiedDateTime = nextTimestamp(state);
    const done = order.lines.every((line) => line.lineType === "Comment" || (line.receivedQuantity >= line.quantity && line.invoicedQuantity >= line.quantity));
    if (done) state.purchaseOrders = state.purchaseOrders.filter((candidate) => candidate !== order);
  }
  invoice.number = String(state.counters.purchaseInvoice++);
  invoice.status = "Open";
  invoice.lastModifiedDateTime = nextTimestamp(state);
  notify("purchaseInvoices", invoice.id, "updated");
}
