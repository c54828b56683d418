import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

type TListed = {
  purchaseOrders: { number: string; vendorNumber: string; purchaseOrderLines: { lineType: string; lineObjectNumber: string; quantity: number; receivedQuantity: number }[] }[];
  truncated: boolean;
};

const order = (vendorNumber: string, quantity: number) => ({ vendorNumber, lines: [{ itemNumber: "1896-S", quantity }] });

describe("Business Central: list purchase orders", () => {
  it("lists the open orders with their lines and what each line has received", async () => {
    await h.invoke("createPurchaseOrder", order("10000", 5));
    const second = (await h.invoke("createPurchaseOrder", order("20000", 3))) as { purchaseOrder: { number: string } };
    h.bc.receivePurchaseOrder({ orderNumber: second.purchaseOrder.number, lines: [{ itemNumber: "1896-S", quantity: 1 }] });

    const output = (await h.invoke("listPurchaseOrders", {})) as TListed;

    expect(output.truncated).toBe(false);
    expect(output.purchaseOrders.map((po) => po.vendorNumber)).toEqual(["10000", "20000"]);
    const items = output.purchaseOrders.map((po) => po.purchaseOrderLines.filter((line) => line.lineType === "Item").map((line) => [line.quantity, line.receivedQuantity]));
    expect(items).toEqual([[[5, 0]], [[3, 1]]]);
  });

  it("filters by vendor and follows pages up to the limit", async () => {
    for (let i = 1; i <= 3; i++) await h.invoke("createPurchaseOrder", order("10000", i));
    await h.invoke("createPurchaseOrder", order("20000", 9));
    h.bc.state.serverPageSize = 2;

    const fabrikam = (await h.invoke("listPurchaseOrders", { vendorNumber: "10000" })) as TListed;
    expect(fabrikam.purchaseOrders).toHaveLength(3);
    expect(fabrikam.purchaseOrders.every((po) => po.vendorNumber === "10000")).toBe(true);

    const firstTwo = (await h.invoke("listPurchaseOrders", { limit: 2 })) as TListed;
    expect(firstTwo).toMatchObject({ truncated: true, purchaseOrders: [{}, {}] });
  });

  it("leaves out an order that posting deleted", async () => {
    const created = (await h.invoke("createPurchaseOrder", order("10000", 2))) as { purchaseOrder: { number: string } };
    h.bc.receivePurchaseOrder({ orderNumber: created.purchaseOrder.number });
    h.bc.invoicePurchaseOrder({ orderNumber: created.purchaseOrder.number, vendorInvoiceNumber: "FAB-1" });

    expect(((await h.invoke("listPurchaseOrders", {})) as TListed).purchaseOrders).toEqual([]);
  });
});
