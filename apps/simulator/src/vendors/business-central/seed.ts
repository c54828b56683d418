import { type TBcItem, type TBcSeed, type TBcState } from "./state";

const SEEDED_AT = "2026-01-05T08:00:00.000Z";

function item(n: number, number: string, displayName: string, unitCost: number, inventoryByLocation: Record<string, number>): TBcItem {
  return {
    id: `1000000${n}-44e3-ea11-bb43-000d3a2feca1`,
    number,
    displayName,
    type: "Inventory",
    blocked: false,
    gtin: "",
    unitPrice: Math.round(unitCost * 1.6 * 100) / 100,
    unitCost,
    baseUnitOfMeasureCode: "PCS",
    itemCategoryCode: "TABLE",
    inventoryByLocation,
    lastModifiedDateTime: SEEDED_AT,
  };
}

/** A small CRONUS-like company: a few items, two vendors, a customer, G/L accounts and one journal batch. */
export function defaultBusinessCentralSeed(): TBcSeed {
  return {
    tenantId: "5f0c1a4e-7d2b-4c3e-9a8f-1b2c3d4e5f60",
    environment: "Production",
    companyId: "b18aed47-c385-49d2-b954-dbdf8ad71780",
    companyName: "CRONUS USA, Inc.",
    clients: [{ clientId: "6a1c2b3d-0000-4000-8000-00000000c11e", clientSecret: "sim-client-secret" }],
    items: [
      item(1, "1896-S", "ATHENS Desk", 780.7, { MAIN: 4, EAST: 2 }),
      item(2, "1900-S", "PARIS Guest Chair, black", 99.5, { MAIN: 10 }),
      item(3, "1906-S", "ATHENS Mobile Pedestal", 220.4, { MAIN: 0 }),
      // Also in the Square and Shopify seeds, so cross-system flows have SKUs in common.
      item(4, "TEE-BLK-M", "Classic Tee, black, M", 9.5, { MAIN: 42 }),
      item(5, "TOTE-NAT", "Canvas Tote, natural", 6.2, { MAIN: 9 }),
    ],
    vendors: [
      { id: "20000000-44e3-ea11-bb43-000d3a2feca1", number: "10000", displayName: "Fabrikam, Inc.", currencyCode: "", lastModifiedDateTime: SEEDED_AT },
      { id: "20000001-44e3-ea11-bb43-000d3a2feca1", number: "20000", displayName: "First Up Consultants", currencyCode: "", lastModifiedDateTime: SEEDED_AT },
    ],
    customers: [{ id: "30000000-44e3-ea11-bb43-000d3a2feca1", number: "10000", displayName: "Adatum Corporation", currencyCode: "", lastModifiedDateTime: SEEDED_AT }],
    locations: [
      { id: "40000000-44e3-ea11-bb43-000d3a2feca1", code: "MAIN", displayName: "Main Warehouse" },
      { id: "40000001-44e3-ea11-bb43-000d3a2feca1", code: "EAST", displayName: "East Warehouse" },
    ],
    accounts: [
      { id: "50000000-44e3-ea11-bb43-000d3a2feca1", number: "10100", displayName: "Checking account" },
      { id: "50000001-44e3-ea11-bb43-000d3a2feca1", number: "40100", displayName: "Sales, Retail" },
      { id: "50000002-44e3-ea11-bb43-000d3a2feca1", number: "54100", displayName: "Shrinkage" },
    ],
    journals: [{ id: "60000000-44e3-ea11-bb43-000d3a2feca1", code: "STOREFLOW", displayName: "Storeflow postings", lastModifiedDateTime: SEEDED_AT, lines: [] }],
  };
}

/** A fresh state from a seed; the seed is copied, so the state never aliases it. */
export function createBusinessCentralState(seed: TBcSeed): TBcState {
  return {
    ...structuredClone(seed),
    tokens: new Map(),
    tokenRequests: 0,
    tokenLifetimeS: 3599,
    serverPageSize: 20_000,
    notificationDelayMs: 20,
    purchaseOrders: [],
    purchaseReceipts: [],
    purchaseInvoices: [],
    salesCreditMemos: [],
    generalLedgerEntries: [],
    subscriptions: [],
    lastTimestampMs: 0,
    counters: { purchaseOrder: 106001, purchaseReceipt: 107001, purchaseInvoice: 108001, purchaseInvoiceDraft: 1001, salesCreditMemo: 104001, glEntry: 1 },
  };
}
