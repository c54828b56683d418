import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { businessCentralConnector } from "./connector";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;
const polling = businessCentralConnector.polling!;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

async function orderAndReceive(quantity: number): Promise<string> {
  const created = (await h.invoke("createPurchaseOrder", { vendorNumber: "20000", lines: [{ itemNumber: "1906-S", quantity }] })) as { purchaseOrder: { number: string } };
  h.bc.receivePurchaseOrder({ orderNumber: created.purchaseOrder.number });
  return created.purchaseOrder.number;
}

describe("Business Central purchase receipt polling", () => {
  it("starts from Business Central's latest change and reports only later receipts", async () => {
    const before = await orderAndReceive(1);
    const first = await polling.poll(h.context(), null);
    expect(first.events).toEqual([]);
    expect(first.cursor).toBe(h.bc.state.purchaseReceipts.find((receipt) => receipt.orderNumber === before)!.lastModifiedDateTime);

    const orderNumber = await orderAndReceive(4);
    const second = await polling.poll(h.context(), first.cursor);
    const fresh = second.events.filter((event) => event.correlationKey === orderNumber);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ type: "purchase.receipt.posted", payload: { orderNumber, purchaseReceiptLines: [{ lineObjectNumber: "1906-S", quantity: 4 }] } });
    // The boundary receipt may be seen again (the cursor is inclusive) but under the id it had before.
    expect(second.events.every((event) => event.correlationKey === orderNumber || event.correlationKey === before)).toBe(true);
  });

  it("moves the cursor forward and never re-reports a receipt under a new id", async () => {
    const start = await polling.poll(h.context(), null);
    await orderAndReceive(2);
    await orderAndReceive(3);
    const one = await polling.poll(h.context(), start.cursor);
    expect(one.events.map((event) => event.payload.orderNumber)).toHaveLength(2);
    const two = await polling.poll(h.context(), one.cursor);
    expect(two.cursor).toBe(one.cursor);
    expect(two.events.every((event) => one.events.some((seen) => seen.deliveryId === event.deliveryId))).toBe(true);
  });

  it("follows pages when many receipts arrived since the last poll", async () => {
    const start = await polling.poll(h.context(), null);
    for (let i = 1; i <= 5; i++) await orderAndReceive(i);
    h.bc.state.serverPageSize = 2;
    const { events } = await polling.poll(h.context(), start.cursor);
    expect(events.map((event) => (event.payload.purchaseReceiptLines as { quantity: number }[])[0]!.quantity)).toEqual([1, 2, 3, 4, 5]);
  });
});
