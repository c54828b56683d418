import { type TBcDocumentLine, type TBcItem, type TBcJournalLine, type TBcState } from "./state";

type TRecord = Record<string, unknown>;

const BLANK_GUID = "00000000-0000-0000-0000-000000000000";
/** Business Central's blank date. */
export const BLANK_DATE = "0001-01-01";

/** One entity set of the API: how its records look on the wire and what `$expand` can add. */
export interface TEntitySet {
  /** The OData type name, as Business Central names it in errors. */
  typeName: string;
  records(state: TBcState): TRecord[];
  toApi(record: TRecord, state: TBcState): TRecord;
  expansions: Record<string, (record: TRecord, state: TBcState) => TRecord[]>;
}

function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function lineAmount(line: TBcDocumentLine): number {
  return line.lineType === "Comment" ? 0 : round(line.quantity * line.unitAmount);
}

function documentTotal(lines: TBcDocumentLine[]): number {
  return round(lines.reduce((sum, line) => sum + lineAmount(line), 0));
}

function itemId(state: TBcState, line: TBcDocumentLine): string {
  return line.lineType === "Item" ? (state.items.find((item) => item.number === line.lineObjectNumber)?.id ?? BLANK_GUID) : BLANK_GUID;
}

function purchaseOrderLine(line: TBcDocumentLine, state: TBcState): TRecord {
  const amount = lineAmount(line);
  return {
    id: line.id,
    documentId: line.documentId,
    sequence: line.sequence,
    itemId: itemId(state, line),
    accountId: BLANK_GUID,
    lineType: line.lineType,
    lineObjectNumber: line.lineObjectNumber,
    description: line.description,
    unitOfMeasureCode: line.unitOfMeasureCode,
    quantity: line.quantity,
    directUnitCost: line.unitAmount,
    discountAmount: 0,
    discountPercent: 0,
    discountAppliedBeforeTax: false,
    amountExcludingTax: amount,
    taxCode: "",
    taxPercent: 0,
    totalTaxAmount: 0,
    amountIncludingTax: amount,
    netAmount: amount,
    expectedReceiptDate: line.expectedReceiptDate,
    receivedQuantity: line.receivedQuantity,
    invoicedQuantity: line.invoicedQuantity,
    invoiceQuantity: line.receivedQuantity - line.invoicedQuantity,
    receiveQuantity: line.quantity - line.receivedQuantity,
    itemVariantId: BLANK_GUID,
    locationId: BLANK_GUID,
  };
}

function invoiceLine(line: TBcDocumentLine, state: TBcState, priceField: "unitCost" | "unitPrice"): TRecord {
  const amount = lineAmount(line);
  return {
    id: line.id,
    documentId: line.documentId,
    sequence: line.sequence,
    itemId: itemId(state, line),
    lineType: line.lineType,
    lineObjectNumber: line.lineObjectNumber,
    description: line.description,
    unitOfMeasureCode: line.unitOfMeasureCode,
    [priceField]: line.unitAmount,
    quantity: line.quantity,
    discountAmount: 0,
    discountPercent: 0,
    amountExcludingTax: amount,
    taxCode: "",
    taxPercent: 0,
    totalTaxAmount: 0,
    amountIncludingTax: amount,
  };
}

function receiptLine(line: TBcDocumentLine): TRecord {
  return {
    id: line.id,
    documentId: line.documentId,
    sequence: line.sequence,
    lineType: line.lineType,
    lineObjectNumber: line.lineObjectNumber,
    description: line.description,
    unitOfMeasureCode: line.unitOfMeasureCode,
    unitCost: line.unitAmount,
    quantity: line.quantity,
    discountPercent: 0,
    taxPercent: 0,
    expectedReceiptDate: line.expectedReceiptDate,
  };
}

export function journalLineToApi(line: TBcJournalLine, state: TBcState): TRecord {
  const journal = state.journals.find((candidate) => candidate.id === line.journalId);
  return { ...line, journalDisplayName: journal?.displayName ?? "", comment: "", taxCode: "", balancingAccountId: BLANK_GUID, accountId: BLANK_GUID };
}

function itemToApi(item: TBcItem): TRecord {
  const { inventoryByLocation, ...fields } = item;
  const inventory = Object.values(inventoryByLocation).reduce((sum, quantity) => sum + quantity, 0);
  return { ...fields, displayName2: "", itemCategoryId: BLANK_GUID, inventory, priceIncludesTax: false, taxGroupCode: "", baseUnitOfMeasureId: BLANK_GUID };
}

function omitLines(record: TRecord): TRecord {
  const { lines: _lines, ...fields } = record;
  return fields;
}

function lines(record: TRecord): TBcDocumentLine[] {
  return record.lines as TBcDocumentLine[];
}

const asRecords = <T>(values: T[]) => values as unknown as TRecord[];

/** The entity sets under companies(<id>)/, by their URL name. */
export const ENTITY_SETS: Record<string, TEntitySet> = {
  items: { typeName: "Microsoft.NAV.item", records: (s) => asRecords(s.items), toApi: (r) => itemToApi(r as unknown as TBcItem), expansions: {} },
  vendors: { typeName: "Microsoft.NAV.vendor", records: (s) => asRecords(s.vendors), toApi: (r) => ({ ...r, blocked: " " }), expansions: {} },
  customers: { typeName: "Microsoft.NAV.customer", records: (s) => asRecords(s.customers), toApi: (r) => ({ ...r, blocked: " " }), expansions: {} },
  locations: { typeName: "Microsoft.NAV.location", records: (s) => asRecords(s.locations), toApi: (r) => r, expansions: {} },
  accounts: { typeName: "Microsoft.NAV.account", records: (s) => asRecords(s.accounts), toApi: (r) => ({ ...r, accountType: "Posting", directPosting: true, blocked: false }), expansions: {} },
  purchaseOrders: {
    typeName: "Microsoft.NAV.purchaseOrder",
    records: (s) => asRecords(s.purchaseOrders),
    toApi: (r) => {
      const total = documentTotal(lines(r));
      const fullyReceived = lines(r).every((line) => line.lineType === "Comment" || line.receivedQuantity >= line.quantity);
      return { ...omitLines(r), discountAmount: 0, totalAmountExcludingTax: total, totalTaxAmount: 0, totalAmountIncludingTax: total, fullyReceived, pricesIncludeTax: false };
    },
    expansions: { purchaseOrderLines: (r, s) => lines(r).map((line) => purchaseOrderLine(line, s)) },
  },
  purchaseReceipts: {
    typeName: "Microsoft.NAV.purchaseReceipt",
    records: (s) => asRecords(s.purchaseReceipts),
    toApi: (r) => ({ ...omitLines(r), invoiceDate: BLANK_DATE, dueDate: BLANK_DATE }),
    expansions: { purchaseReceiptLines: (r) => lines(r).map(receiptLine) },
  },
  purchaseInvoices: {
    typeName: "Microsoft.NAV.purchaseInvoice",
    records: (s) => asRecords(s.purchaseInvoices),
    toApi: (r) => {
      const total = documentTotal(lines(r));
      return { ...omitLines(r), discountAmount: 0, totalAmountExcludingTax: total, totalTaxAmount: 0, totalAmountIncludingTax: total, pricesIncludeTax: false };
    },
    expansions: { purchaseInvoiceLines: (r, s) => lines(r).map((line) => invoiceLine(line, s, "unitCost")) },
  },
  salesCreditMemos: {
    typeName: "Microsoft.NAV.salesCreditMemo",
    records: (s) => asRecords(s.salesCreditMemos),
    toApi: (r) => {
      const total = documentTotal(lines(r));
      return { ...omitLines(r), dueDate: r.creditMemoDate, discountAmount: 0, totalAmountExcludingTax: total, totalTaxAmount: 0, totalAmountIncludingTax: total, pricesIncludeTax: false };
    },
    expansions: { salesCreditMemoLines: (r, s) => lines(r).map((line) => invoiceLine(line, s, "unitPrice")) },
  },
  journals: {
    typeName: "Microsoft.NAV.journal",
    records: (s) => asRecords(s.journals),
    toApi: (r) => ({ ...omitLines(r), balancingAccountId: BLANK_GUID, balancingAccountNumber: "" }),
    expansions: { journalLines: (r, s) => (r.lines as TBcJournalLine[]).map((line) => journalLineToApi(line, s)) },
  },
  generalLedgerEntries: { typeName: "Microsoft.NAV.generalLedgerEntry", records: (s) => asRecords(s.generalLedgerEntries), toApi: (r) => ({ ...r, accountId: BLANK_GUID }), expansions: {} },
};

/** journals(<id>)/journalLines: a child collection, queried over one journal's lines. */
export const JOURNAL_LINES: TEntitySet = {
  typeName: "Microsoft.NAV.journalLine",
  records: () => [],
  toApi: (r, s) => journalLineToApi(r as unknown as TBcJournalLine, s),
  expansions: {},
};
