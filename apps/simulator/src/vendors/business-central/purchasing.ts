import { randomUUID } from "node:crypto";
import { findParty, readDocumentLines } from "./documents";
import { BcError } from "./errors";
import { asBody, dialogError, nextTimestamp, readDate, readString, rejectUnknownFields, type TChangeSink, today } from "./fields";
import { type TBcDocumentLine, type TBcPurchaseInvoice, type TBcPurchaseOrder, type TBcPurchaseReceipt, type TBcState } from "./state";

const PURCHASE_ORDER_FIELDS = new Set([
  "orderDate",
  "postingDate",
  "vendorId",
  "vendorNumber",
  "shipToName",
  "shipToContact",
  "currencyCode",
  "requestedReceiptDate",
  "purchaser",
  "purchaseOrderLines",
]);

/** `POST purchaseOrders` with its lines (deep insert), validated as page 30066 validates. */
export function createPurchaseOrder(state: TBcState, raw: unknown): TBcPurchaseOrder {
  const body = asBody(raw, "Microsoft.NAV.purchaseOrder");
  rejectUnknownFields(body, PURCHASE_ORDER_FIELDS, "Microsoft.NAV.purchaseOrder");
  const vendor = findParty({ parties: state.vendors, body, numberField: "vendorNumber", idField: "vendorId", role: "buy-from vendor" });
  const id = randomUUID();
  const orderDate = readDate(body, "orderDate") ?? today();
  const requestedReceiptDate = readDate(body, "requestedReceiptDate") ?? "0001-01-01";
  const lines = readDocumentLines({ state, value: body.purchaseOrderLines, documentId: id, kind: "purchase", defaultDate: requestedReceiptDate === "0001-01-01" ? orderDate : requestedReceiptDate });
  const order: TBcPurchaseOrder = {
    id,
    number: String(state.counters.purchaseOrder++),
    orderDate,
    postingDate: readDate(body, "postingDate") ?? orderDate,
    vendorId: vendor.id,
    vendorNumber: vendor.number,
    vendorName: vendor.displayName,
    currencyCode: readString(body, "currencyCode", 10) ?? vendor.currencyCode,
    requestedReceiptDate,
    status: "Draft",
    lastModifiedDateTime: nextTimestamp(state),
    lines,
  };
  state.purchaseOrders.push(order);
  return order;
}

/** Options for {@link receivePurchaseOrder}: what the warehouse counted in. */
export interface ReceivePurchaseOrderOptions {
  orderNumber: string;
  /** Quantities per item number; absent: everything still outstanding. */
  lines?: { itemNumber: string; quantity: number }[];
  /** @defaultValue "MAIN" */
  locationCode?: string;
}

function outstanding(line: TBcDocumentLine): number {
  return line.quantity - line.receivedQuantity;
}

/** Posts a receipt against an open purchase order, as the Post (Receive) action does: inventory goes up at the location. */
export function receivePurchaseOrder(state: TBcState, options: ReceivePurchaseOrderOptions, notify: TChangeSink): TBcPurchaseReceipt {
  const order = state.purchaseOrders.find((candidate) => candidate.number === options.orderNumber);
  if (!order) throw new BcError(404, "BadRequest_NotFound", `The purchase order ${options.orderNumber} does not exist.`);
  const id = randomUUID();
  const postingDate = today();
  const receiptLines: TBcDocumentLine[] = [];
  for (const line of order.lines.filter((candidate) => candidate.lineType === "Item")) {
    const wanted = options.lines ? options.lines.filter((l) => l.itemNumber === line.lineObjectNumber).reduce((sum, l) => sum + l.quantity, 0) : outstanding(line);
    const quantity = Math.min(wanted, outstanding(line));
    if (quantity <= 0) continue;
    line.receivedQuantity += quantity;
    const item = state.items.find((candidate) => candidate.number === line.lineObjectNumber)!;
    const location = options.locationCode ?? "MAIN";
    item.inventoryByLocation[location] = (item.inventoryByLocation[location] ?? 0) + quantity;
    item.lastModifiedDateTime = nextTimestamp(state);
    notify("items", item.id, "updated");
    receiptLines.push({ ...line, id: randomUUID(), documentId: id, sequence: (receiptLines.length + 1) * 10000, quantity, receivedQuantity: 0, invoicedQuantity: 0 });
  }
  if (receiptLines.length === 0) throw dialogError("There is nothing to post.");
  order.status = "Open";
  order.lastModifiedDateTime = nextTimestamp(state);
  const receipt: TBcPurchaseReceipt = {
    id,
    number: String(state.counters.purchaseReceipt++),
    orderNumber: order.number,
    vendorNumber: order.vendorNumber,
    vendorName: order.vendorName,
    postingDate,
    currencyCode: order.currencyCode,
    lastModifiedDateTime: nextTimestamp(state),
    lines: receiptLines,
  };
  state.purchaseReceipts.push(receipt);
  return receipt;
}

/** An invoice for `order`'s vendor, dated today, as Business Central heads one. */
export function purchaseInvoiceFor(
  state: TBcState,
  order: TBcPurchaseOrder,
  document: Pick<TBcPurchaseInvoice, "id" | "number" | "vendorInvoiceNumber" | "status" | "lines">,
): TBcPurchaseInvoice {
  const date = today();
  return {
    ...document,
    vendorId: order.vendorId,
    vendorNumber: order.vendorNumber,
    vendorName: order.vendorName,
    invoiceDate: date,
    postingDate: date,
    dueDate: date,
    orderNumber: order.number,
    currencyCode: order.currencyCode,
    lastModifiedDateTime: nextTimestamp(state),
  };
}

/**
 * Posts the vendor's invoice for what was received and not yet invoiced. A purchase
 * order fully received and invoiced is deleted, as posting deletes it in Business Central.
 */
export function invoicePurchaseOrder(state: TBcState, options: { orderNumber: string; vendorInvoiceNumber: string }, notify: TChangeSink): TBcPurchaseInvoice {
  const order = state.purchaseOrders.find((candidate) => candidate.number === options.orderNumber);
  if (!order) throw new BcError(404, "BadRequest_NotFound", `The purchase order ${options.orderNumber} does not exist.`);
  const id = randomUUID();
  const lines: TBcDocumentLine[] = [];
  for (const line of order.lines.filter((candidate) => candidate.lineType !== "Comment")) {
    const quantity = line.receivedQuantity - line.invoicedQuantity;
    if (quantity <= 0) continue;
    line.invoicedQuantity += quantity;
    lines.push({ ...line, id: randomUUID(), documentId: id, sequence: (lines.length + 1) * 10000, quantity, receivedQuantity: 0, invoicedQuantity: 0 });
  }
  if (lines.length === 0) throw dialogError("There is nothing to post.");
  const invoice = purchaseInvoiceFor(state, order, { id, number: String(state.counters.purchaseInvoice++), vendorInvoiceNumber: options.vendorInvoiceNumber, status: "Open", lines });
  state.purchaseInvoices.push(invoice);
  notify("purchaseInvoices", invoice.id, "created");
  const done = order.lines.every((line) => line.lineType === "Comment" || (line.receivedQuantity >= line.quantity && line.invoicedQuantity >= line.quantity));
  if (done) state.purchaseOrders = state.purchaseOrders.filter((candidate) => candidate !== order);
  return invoice;
}
