import { NonRetryableError } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

type TInvoice = { id: string; number: string; status: string; orderNumber: string; purchaseInvoiceLines: { lineObjectNumber: string; quantity: number; unitCost: number }[] };

async function receivedOrder(): Promise<string> {
  const { purchaseOrder } = (await h.invoke("createPurchaseOrder", {
    vendorNumber: "10000",
    lines: [
      { itemNumber: "1896-S", quantity: 5, directUnitCost: 700 },
      { itemNumber: "1900-S", quantity: 12, directUnitCost: 99.5 },
    ],
  })) as { purchaseOrder: { number: string } };
  h.bc.receivePurchaseOrder({ orderNumber: purchaseOrder.number });
  return purchaseOrder.number;
}

describe("Business Central draft purchase invoices", () => {
  it("gets a draft invoice by the id a notification names", async () => {
    const orderNumber = await receivedOrder();
    const draft = h.bc.enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-7", lines: [{ itemNumber: "1896-S", quantity: 5, directUnitCost: 710 }] });
    const invoice = (await h.invoke("getPurchaseInvoice", { id: draft.id })) as TInvoice;
    expect(invoice).toMatchObject({ number: draft.number, status: "Draft", orderNumber });
    expect(invoice.purchaseInvoiceLines.map((line) => [line.lineObjectNumber, line.quantity, line.unitCost])).toEqual([["1896-S", 5, 710]]);
  });

  it("posts a draft under the same id with a posted-invoice number, and the order counts it as invoiced", async () => {
    const orderNumber = await receivedOrder();
    const draft = h.bc.enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-8", lines: [{ itemNumber: "1896-S", quantity: 5 }] });
    const output = (await h.invoke("postPurchaseInvoice", { id: draft.id })) as { alreadyPosted: boolean; invoice: TInvoice };
    expect(output).toMatchObject({ alreadyPosted: false, invoice: { id: draft.id, number: "108001", status: "Open" } });
    const [desk, chair] = h.bc.state.purchaseOrders[0]!.lines;
    expect([desk!.invoicedQuantity, chair!.invoicedQuantity]).toEqual([5, 0]);
  });

  it("deletes the order once everything on it is received and invoiced", async () => {
    const orderNumber = await receivedOrder();
    const draft = h.bc.enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-9" });
    await h.invoke("postPurchaseInvoice", { id: draft.id });
    expect(h.bc.state.purchaseOrders).toHaveLength(0);
  });

  it("posts once when the step is retried", async () => {
    const orderNumber = await receivedOrder();
    const draft = h.bc.enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "FAB-10", lines: [{ itemNumber: "1900-S", quantity: 12 }] });
    const context = h.context();
    await h.invoke("postPurchaseInvoice", { id: draft.id }, context);
    const retry = (await h.invoke("postPurchaseInvoice", { id: draft.id }, { ...context, signal: AbortSignal.timeout(10_000) })) as { alreadyPosted: boolean; invoice: TInvoice };
    expect(retry).toMatchObject({ alreadyPosted: true, invoice: { number: "108001", status: "Open" } });
    expect(h.bc.state.counters.purchaseInvoice).toBe(108002);
    expect(h.bc.state.purchaseOrders[0]!.lines.find((line) => line.lineObjectNumber === "1900-S")!.invoicedQuantity).toBe(12);
  });

  it("passes on Business Central's refusal to post an invoice without the vendor's invoice number", async () => {
    const orderNumber = await receivedOrder();
    const draft = h.bc.enterPurchaseInvoice({ orderNumber, vendorInvoiceNumber: "" });
    const attempt = h.invoke("postPurchaseInvoice", { id: draft.id });
    await expect(attempt).rejects.toBeInstanceOf(NonRetryableError);
    await expect(attempt).rejects.toThrow(/Business Central answered 400: You need to enter the document number of the document from the vendor/);
    expect(h.bc.state.purchaseInvoices[0]!.status).toBe("Draft");
  });
});
