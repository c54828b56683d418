import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";

// The API v2.0 fields our actions return, under Business Central's own names so a
// workflow author can read them against Microsoft's reference. Unknown fields
// (including @odata.etag) are dropped by parsing.

export const ZBcItem = z.object({
  id: z.string(),
  number: z.string(),
  displayName: z.string(),
  type: z.string(),
  blocked: z.boolean(),
  gtin: z.string(),
  /** Total on hand across all locations; API v2.0 has no per-location figure. */
  inventory: z.number(),
  unitPrice: z.number(),
  unitCost: z.number(),
  baseUnitOfMeasureCode: z.string(),
  itemCategoryCode: z.string(),
  lastModifiedDateTime: z.string(),
});
export type TBcItem = z.output<typeof ZBcItem>;

export const ZBcPurchaseOrderLine = z.object({
  id: z.string(),
  sequence: z.number(),
  lineType: z.string(),
  lineObjectNumber: z.string(),
  description: z.string(),
  unitOfMeasureCode: z.string(),
  quantity: z.number(),
  directUnitCost: z.number(),
  amountExcludingTax: z.number(),
  receivedQuantity: z.number(),
  invoicedQuantity: z.number(),
  expectedReceiptDate: z.string(),
});

export const ZBcPurchaseOrder = z.object({
  id: z.string(),
  number: z.string(),
  orderDate: z.string(),
  vendorNumber: z.string(),
  vendorName: z.string(),
  currencyCode: z.string(),
  requestedReceiptDate: z.string(),
  status: z.string(),
  fullyReceived: z.boolean(),
  totalAmountExcludingTax: z.number(),
  totalAmountIncludingTax: z.number(),
  lastModifiedDateTime: z.string(),
  purchaseOrderLines: z.array(ZBcPurchaseOrderLine),
});
export type TBcPurchaseOrder = z.output<typeof ZBcPurchaseOrder>;

export const ZBcPurchaseReceiptLine = z.object({
  id: z.string(),
  sequence: z.number(),
  lineType: z.string(),
  lineObjectNumber: z.string(),
  description: z.string(),
  unitOfMeasureCode: z.string(),
  quantity: z.number(),
  unitCost: z.number(),
});

export const ZBcPurchaseReceipt = z.object({
  id: z.string(),
  number: z.string(),
  orderNumber: z.string(),
  vendorNumber: z.string(),
  vendorName: z.string(),
  postingDate: z.string(),
  lastModifiedDateTime: z.string(),
  purchaseReceiptLines: z.array(ZBcPurchaseReceiptLine),
});
export type TBcPurchaseReceipt = z.output<typeof ZBcPurchaseReceipt>;

export const ZBcPurchaseInvoiceLine = z.object({
  id: z.string(),
  sequence: z.number(),
  lineType: z.string(),
  lineObjectNumber: z.string(),
  description: z.string(),
  unitOfMeasureCode: z.string(),
  quantity: z.number(),
  unitCost: z.number(),
  amountExcludingTax: z.number(),
  totalTaxAmount: z.number(),
  amountIncludingTax: z.number(),
});

export const ZBcPurchaseInvoice = z.object({
  id: z.string(),
  number: z.string(),
  vendorInvoiceNumber: z.string(),
  vendorNumber: z.string(),
  vendorName: z.string(),
  invoiceDate: z.string(),
  postingDate: z.string(),
  dueDate: z.string(),
  orderNumber: z.string(),
  currencyCode: z.string(),
  status: z.string(),
  totalAmountExcludingTax: z.number(),
  totalTaxAmount: z.number(),
  totalAmountIncludingTax: z.number(),
  lastModifiedDateTime: z.string(),
  purchaseInvoiceLines: z.array(ZBcPurchaseInvoiceLine),
});

export const ZBcSalesCreditMemoLine = z.object({
  id: z.string(),
  sequence: z.number(),
  lineType: z.string(),
  lineObjectNumber: z.string(),
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  amountExcludingTax: z.number(),
});

export const ZBcSalesCreditMemo = z.object({
  id: z.string(),
  number: z.string(),
  externalDocumentNumber: z.string(),
  customerNumber: z.string(),
  customerName: z.string(),
  creditMemoDate: z.string(),
  status: z.string(),
  currencyCode: z.string(),
  totalAmountExcludingTax: z.number(),
  totalAmountIncludingTax: z.number(),
  lastModifiedDateTime: z.string(),
  salesCreditMemoLines: z.array(ZBcSalesCreditMemoLine),
});

export const ZBcJournalLine = z.object({
  id: z.string(),
  lineNumber: z.number(),
  accountType: z.string(),
  accountNumber: z.string(),
  postingDate: z.string(),
  documentNumber: z.string(),
  amount: z.number(),
  description: z.string(),
});

export const ZBcGeneralLedgerEntry = z.object({
  id: z.string(),
  entryNumber: z.number(),
  postingDate: z.string(),
  documentNumber: z.string(),
  accountNumber: z.string(),
  description: z.string(),
  debitAmount: z.number(),
  creditAmount: z.number(),
});

/** Parses records, naming the entity when Business Central changed shape (retrying would not help). */
export function parseRecords<T extends z.ZodType>(schema: T, records: unknown[], entity: string): z.output<T>[] {
  const parsed = z.array(schema).safeParse(records);
  if (!parsed.success) throw new NonRetryableError(`Business Central returned ${entity} in an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** Parses one record the same way as {@link parseRecords}. */
export function parseRecord<T extends z.ZodType>(schema: T, record: unknown, entity: string): z.output<T> {
  const [parsed] = parseRecords(schema, [record], entity);
  return parsed as z.output<T>;
}
