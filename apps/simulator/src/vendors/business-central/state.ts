/** An Entra app registration allowed to call this tenant (client credentials). */
export interface TBcClient {
  clientId: string;
  clientSecret: string;
}

export interface TBcItem {
  id: string;
  number: string;
  displayName: string;
  type: "Inventory" | "Service" | "Non-Inventory";
  blocked: boolean;
  gtin: string;
  unitPrice: number;
  unitCost: number;
  baseUnitOfMeasureCode: string;
  itemCategoryCode: string;
  /** On hand per location code ("" is the blank location); the API shows only their sum. */
  inventoryByLocation: Record<string, number>;
  lastModifiedDateTime: string;
}

export interface TBcParty {
  id: string;
  number: string;
  displayName: string;
  currencyCode: string;
  lastModifiedDateTime: string;
}

export interface TBcLocation {
  id: string;
  code: string;
  displayName: string;
}

export interface TBcAccount {
  id: string;
  number: string;
  displayName: string;
}

export interface TBcDocumentLine {
  id: string;
  documentId: string;
  sequence: number;
  lineType: "Item" | "Account" | "Comment";
  lineObjectNumber: string;
  description: string;
  unitOfMeasureCode: string;
  quantity: number;
  /** Direct unit cost on purchase lines, unit price on sales lines. */
  unitAmount: number;
  receivedQuantity: number;
  invoicedQuantity: number;
  expectedReceiptDate: string;
}

export interface TBcPurchaseOrder {
  id: string;
  number: string;
  orderDate: string;
  postingDate: string;
  vendorId: string;
  vendorNumber: string;
  vendorName: string;
  currencyCode: string;
  requestedReceiptDate: string;
  status: "Draft" | "Open";
  lastModifiedDateTime: string;
  lines: TBcDocumentLine[];
}

export interface TBcPurchaseReceipt {
  id: string;
  number: string;
  orderNumber: string;
  vendorNumber: string;
  vendorName: string;
  postingDate: string;
  currencyCode: string;
  lastModifiedDateTime: string;
  lines: TBcDocumentLine[];
}

export interface TBcPurchaseInvoice {
  id: string;
  number: string;
  vendorInvoiceNumber: string;
  vendorId: string;
  vendorNumber: string;
  vendorName: string;
  invoiceDate: string;
  postingDate: string;
  dueDate: string;
  orderNumber: string;
  currencyCode: string;
  status: "Draft" | "Open" | "Paid";
  lastModifiedDateTime: string;
  lines: TBcDocumentLine[];
}

export interface TBcSalesCreditMemo {
  id: string;
  number: string;
  externalDocumentNumber: string;
  creditMemoDate: string;
  postingDate: string;
  customerId: string;
  customerNumber: string;
  customerName: string;
  currencyCode: string;
  status: "Draft" | "Open";
  lastModifiedDateTime: string;
  lines: TBcDocumentLine[];
}

export interface TBcJournalLine {
  id: string;
  journalId: string;
  lineNumber: number;
  accountType: string;
  accountNumber: string;
  postingDate: string;
  documentNumber: string;
  externalDocumentNumber: string;
  amount: number;
  description: string;
  balanceAccountType: string;
  balancingAccountNumber: string;
  lastModifiedDateTime: string;
}

export interface TBcJournal {
  id: string;
  code: string;
  displayName: string;
  lastModifiedDateTime: string;
  lines: TBcJournalLine[];
}

export interface TBcGlEntry {
  id: string;
  entryNumber: number;
  postingDate: string;
  documentNumber: string;
  documentType: string;
  accountNumber: string;
  description: string;
  debitAmount: number;
  creditAmount: number;
  lastModifiedDateTime: string;
}

export interface TBcSubscription {
  subscriptionId: string;
  notificationUrl: string;
  resource: string;
  clientState: string;
  expirationDateTime: string;
  lastModifiedDateTime: string;
}

/** What a test may seed; everything else starts empty. */
export interface TBcSeed {
  tenantId: string;
  environment: string;
  companyId: string;
  companyName: string;
  clients: TBcClient[];
  items: TBcItem[];
  vendors: TBcParty[];
  customers: TBcParty[];
  locations: TBcLocation[];
  accounts: TBcAccount[];
  journals: TBcJournal[];
}

export interface TBcState extends TBcSeed {
  /** Bearer tokens issued by the token endpoint. */
  tokens: Map<string, { clientId: string; tenantId: string; expiresAt: number }>;
  /** How many tokens the token endpoint issued: a test of the connector's cache reads it. */
  tokenRequests: number;
  /** expires_in of issued tokens, seconds; Entra's is about an hour. */
  tokenLifetimeS: number;
  /** The server's own page size (20,000 in Business Central); a smaller Prefer wins. */
  serverPageSize: number;
  /** How long changes are gathered before notifications go out (Business Central waits 30 s). */
  notificationDelayMs: number;
  purchaseOrders: TBcPurchaseOrder[];
  purchaseReceipts: TBcPurchaseReceipt[];
  purchaseInvoices: TBcPurchaseInvoice[];
  salesCreditMemos: TBcSalesCreditMemo[];
  generalLedgerEntries: TBcGlEntry[];
  subscriptions: TBcSubscription[];
  /** The last lastModifiedDateTime handed out; each change gets a later one, so cursors never tie by accident. */
  lastTimestampMs: number;
  /** Next number of each document series. */
  counters: Record<"purchaseOrder" | "purchaseReceipt" | "purchaseInvoice" | "purchaseInvoiceDraft" | "salesCreditMemo" | "glEntry", number>;
}
