import { NonRetryableError } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

const ORDER = {
  vendorNumber: "10000",
  requestedReceiptDate: "2026-02-01",
  lines: [
    { itemNumber: "1896-S", quantity: 5, directUnitCost: 700 },
    { itemNumber: "1900-S", quantity: 12 },
  ],
};

type TCreated = { created: boolean; purchaseOrder: { number: string; vendorNumber: string; purchaseOrderLines: { lineType: string; lineObjectNumber: string; quantity: number; directUnitCost: number }[] } };

describe("Business Central purchase orders", () => {
  it("creates a purchase order with its lines in one request", async () => {
    const output = (await h.invoke("createPurchaseOrder", ORDER)) as TCreated;
    expect(output.created).toBe(true);
    expect(h.bc.state.purchaseOrders).toHaveLength(1);
    const [order] = h.bc.state.purchaseOrders;
    expect(order).toMatchObject({ number: output.purchaseOrder.number, vendorNumber: "10000", requestedReceiptDate: "2026-02-01" });
    const itemLines = order!.lines.filter((line) => line.lineType === "Item");
    expect(itemLines.map((line) => [line.lineObjectNumber, line.quantity, line.unitAmount])).toEqual([
      ["1896-S", 5, 700],
      // No cost given: Business Central takes the item's unit cost.
      ["1900-S", 12, 99.5],
    ]);
    expect(output.purchaseOrder.purchaseOrderLines.filter((line) => line.lineType === "Item")).toHaveLength(2);
  });

  it("creates once when the step is retried with the same idempotency key", async () => {
    const context = h.context();
    const first = (await h.invoke("createPurchaseOrder", ORDER, context)) as TCreated;
    const retry = (await h.invoke("createPurchaseOrder", ORDER, { ...context, signal: AbortSignal.timeout(10_000) })) as TCreated;
    expect(retry).toMatchObject({ created: false, purchaseOrder: { number: first.purchaseOrder.number } });
    expect(h.bc.state.purchaseOrders).toHaveLength(1);
    // Another step (another key) is another order.
    await h.invoke("createPurchaseOrder", ORDER);
    expect(h.bc.state.purchaseOrders).toHaveLength(2);
  });

  it("finds the marked order among many pages of the vendor's orders", async () => {
    const context = h.context();
    await h.invoke("createPurchaseOrder", ORDER, context);
    for (let i = 0; i < 4; i++) await h.invoke("createPurchaseOrder", ORDER);
    h.bc.state.serverPageSize = 2;
    const retry = (await h.invoke("createPurchaseOrder", ORDER, context)) as TCreated;
    expect(retry.created).toBe(false);
    expect(h.bc.state.purchaseOrders).toHaveLength(5);
  });

  it("refuses an unknown item with Business Central's own message", async () => {
    const attempt = h.invoke("createPurchaseOrder", { ...ORDER, lines: [{ itemNumber: "NO-SUCH", quantity: 1 }] });
    await expect(attempt).rejects.toBeInstanceOf(NonRetryableError);
    await expect(attempt).rejects.toThrow(/Business Central answered 400: The field No\. of table Purchase Line contains a value \(NO-SUCH\) that cannot be found in the related table \(Item\)\..*\(Application_DialogException\)/);
    expect(h.bc.state.purchaseOrders).toHaveLength(0);
  });

  it("rejects bad input before calling Business Central", async () => {
    await expect(h.invoke("createPurchaseOrder", { vendorNumber: "10000", lines: [] })).rejects.toThrow(/invalid input: lines/);
  });

  it("gets a purchase order by number with its lines", async () => {
    const created = (await h.invoke("createPurchaseOrder", ORDER)) as TCreated;
    const order = (await h.invoke("getPurchaseOrder", { number: created.purchaseOrder.number })) as TCreated["purchaseOrder"] & { totalAmountExcludingTax: number };
    expect(order.totalAmountExcludingTax).toBe(5 * 700 + 12 * 99.5);
    expect(order.purchaseOrderLines.map((line) => line.lineType)).toEqual(["Item", "Item", "Comment"]);
  });

  it("lists the receipts posted for an order and sums what arrived", async () => {
    const created = (await h.invoke("createPurchaseOrder", ORDER)) as TCreated;
    const orderNumber = created.purchaseOrder.number;
    h.bc.receivePurchaseOrder({ orderNumber, lines: [{ itemNumber: "1896-S", quantity: 2 }] });
    h.bc.receivePurchaseOrder({ orderNumber, lines: [{ itemNumber: "1896-S", quantity: 1 }, { itemNumber: "1900-S", quantity: 12 }], locationCode: "EAST" });
    const output = (await h.invoke("listPurchaseReceipts", { orderNumber })) as { receipts: { orderNumber: string }[]; receivedByItem: Record<string, number> };
    expect(output.receipts).toHaveLength(2);
    expect(output.receipts.every((receipt) => receipt.orderNumber === orderNumber)).toBe(true);
    expect(output.receivedByItem).toEqual({ "1896-S": 3, "1900-S": 12 });
    expect(await h.invoke("getItemInventory", { number: "1896-S" })).toMatchObject({ inventory: 6 + 3 });
  });

  it("gets the vendor's invoice with its lines by the vendor's invoice number", async () => {
    const created = (await h.invoke("createPurchaseOrder", ORDER)) as TCreated;
    h.bc.receivePurchaseOrder({ orderNumber: created.purchaseOrder.number });
    h.bc.invoicePurchaseOrder({ orderNumber: created.purchaseOrder.number, vendorInvoiceNumber: "FAB-2026-0042" });
    const invoice = (await h.invoke("getPurchaseInvoice", { vendorNumber: "10000", vendorInvoiceNumber: "FAB-2026-0042" })) as {
      orderNumber: string;
      totalAmountIncludingTax: number;
      purchaseInvoiceLines: { lineObjectNumber: string; quantity: number; unitCost: number }[];
    };
    expect(invoice.orderNumber).toBe(created.purchaseOrder.number);
    expect(invoice.purchaseInvoiceLines.map((line) => [line.lineObjectNumber, line.quantity, line.unitCost])).toEqual([
      ["1896-S", 5, 700],
      ["1900-S", 12, 99.5],
    ]);
    expect(invoice.totalAmountIncludingTax).toBe(4694);
    // Fully received and invoiced: posting deleted the order.
    await expect(h.invoke("getPurchaseOrder", { number: created.purchaseOrder.number })).rejects.toThrow(/no open purchase order/);
  });

  it("says which invoice it could not find", async () => {
    await expect(h.invoke("getPurchaseInvoice", { number: "108999" })).rejects.toThrow(new NonRetryableError('Business Central has no purchase invoice "108999"'));
  });
});
