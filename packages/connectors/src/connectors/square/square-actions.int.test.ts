import { NonRetryableError } from "@storeflow/engine";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { squareSimulator, startSimulator, type TSimulator, type TSquareSimulator } from "@storeflow/simulator";
import { invokeAction } from "../../sdk/invoke";
import { squareConnector } from "./connector";

let sim: TSimulator;
let square: TSquareSimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [squareSimulator] });
  square = sim.vendor<TSquareSimulator>("square");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function invoke(operation: string, input: unknown, idempotencyKey: string = randomUUID(), config: Record<string, unknown> = {}) {
  return invokeAction(squareConnector, {
    operation,
    input,
    idempotencyKey,
    config: squareConnector.config.parse({ environment: "sandbox", baseUrl: `${sim.url}/square`, locationId: square.state.locations[0]!.id, ...config }),
    secrets: { accessToken: square.state.accessToken },
    fetch: (url, init) => fetch(url, init),
    signal: AbortSignal.timeout(10_000),
  }) as Promise<Record<string, unknown>>;
}

const seededPayment = () => square.state.payments[0]!;
const variationOf = (sku: string) => square.findVariation(sku).id;
const now = () => new Date().toISOString();

describe("Square actions against the simulator", () => {
  it("searches the default location's orders, newest first, page by page", async () => {
    const { order: second } = await square.createOrder({ lineItems: [{ sku: "BEANS-1KG", quantity: 2 }] });
    const first = await invoke("searchOrders", { limit: 1 });
    expect(first.orders).toEqual([expect.objectContaining({ id: second.id, state: "COMPLETED", totalMoney: { amount: 6400, currency: "USD" } })]);
    expect(first.cursor).toEqual(expect.any(String));
    const next = await invoke("searchOrders", { limit: 1, cursor: first.cursor });
    expect(next).toEqual({ orders: [expect.objectContaining({ referenceId: "POS-0001" })], cursor: null });
    expect(await invoke("searchOrders", { states: ["OPEN"] })).toEqual({ orders: [], cursor: null });
  });

  it("retrieves an order with its line items and tenders", async () => {
    const order = square.state.orders[0]!;
    const result = await invoke("getOrder", { orderId: order.id });
    expect(result.order).toMatchObject({
      id: order.id,
      lineItems: [expect.objectContaining({ name: "Enamel Mug", quantity: "2", catalogObjectId: variationOf("MUG-BLUE") }), expect.objectContaining({ quantity: "1" })],
      tenders: [{ id: expect.any(String), type: "CARD", paymentId: seededPayment().id, amountMoney: { amount: 6000, currency: "USD" } }],
    });
    await expect(invoke("getOrder", { orderId: "NOPE" })).rejects.toThrow(/answered 404: NOT_FOUND: Could not find order/);
  });

  it("reads inventory counts", async () => {
    const result = await invoke("getInventoryCounts", { catalogObjectIds: [variationOf("MUG-BLUE"), variationOf("BEANS-1KG")] });
    expect(result.counts).toEqual([
      expect.objectContaining({ catalogObjectId: variationOf("MUG-BLUE"), state: "IN_STOCK", quantity: "25" }),
      expect.objectContaining({ catalogObjectId: variationOf("BEANS-1KG"), state: "IN_STOCK", quantity: "9" }),
    ]);
  });

  it("applies an inventory adjustment once per idempotency key", async () => {
    const key = randomUUID();
    const input = { changes: [{ type: "ADJUSTMENT", catalogObjectId: variationOf("MUG-BLUE"), fromState: "IN_STOCK", toState: "WASTE", quantity: "2", occurredAt: now() }] };
    const result = await invoke("changeInventory", input, key);
    expect(await invoke("changeInventory", input, key)).toEqual(result);
    expect(square.inStock("MUG-BLUE")).toBe(23);
    expect(result.counts).toEqual(expect.arrayContaining([expect.objectContaining({ state: "IN_STOCK", quantity: "23" }), expect.objectContaining({ state: "WASTE", quantity: "2" })]));
  });

  it("refuses the same idempotency key with a different body, as Square does", async () => {
    const key = randomUUID();
    const change = { type: "PHYSICAL_COUNT", catalogObjectId: variationOf("BEANS-1KG"), quantity: "50", occurredAt: now() };
    await invoke("changeInventory", { changes: [change] }, key);
    const failure = invoke("changeInventory", { changes: [{ ...change, quantity: "51" }] }, key);
    await expect(failure).rejects.toThrow(NonRetryableError);
    await expect(failure).rejects.toThrow(/IDEMPOTENCY_KEY_REUSED \(idempotency_key\): The idempotency key can only be retried with the same request data/);
    expect(square.inStock("BEANS-1KG")).toBe(50);
  });

  it("names the field Square refuses in a change", async () => {
    const input = { changes: [{ type: "PHYSICAL_COUNT", catalogObjectId: "NO-SUCH-VARIATION", quantity: "1", occurredAt: now() }] };
    await expect(invoke("changeInventory", input)).rejects.toThrow(/INVALID_VALUE \(changes\[0\]\.physical_count\.catalog_object_id\)/);
  });

  it("needs a location from the input or the connection", async () => {
    const input = { catalogObjectIds: [variationOf("MUG-BLUE")] };
    await expect(invoke("getInventoryCounts", input, randomUUID(), { locationId: undefined })).rejects.toThrow(/needs a location/);
    expect(await invoke("getInventoryCounts", { ...input, locationIds: [square.state.locations[0]!.id] }, randomUUID(), { locationId: undefined })).toMatchObject({ counts: [{ quantity: "25" }] });
  });

  it("refunds a payment once, however often it is retried with the same key", async () => {
    const payment = seededPayment();
    const key = randomUUID();
    const input = { paymentId: payment.id, amount: { amount: 1400, currency: "USD" }, reason: "chipped mug" };
    const first = await invoke("refundPayment", input, key);
    const retried = await Promise.all([invoke("refundPayment", input, key), invoke("refundPayment", input, key)]);
    expect(retried).toEqual([first, first]);
    expect(first.refund).toMatchObject({ status: "PENDING", paymentId: payment.id, orderId: payment.order_id, amountMoney: { amount: 1400, currency: "USD" }, reason: "chipped mug" });
    expect(square.state.refunds).toHaveLength(1);
    const read = await invoke("getPayment", { paymentId: payment.id });
    expect(read.payment).toMatchObject({ refundedMoney: { amount: 1400, currency: "USD" }, refundIds: [square.state.refunds[0]!.id] });
  });

  it("fits an idempotency key longer than Square allows, keeping retries deduplicated", async () => {
    const key = `run:${randomUUID()}:step:refund-damaged-items:iteration:0`;
    expect(key.length).toBeGreaterThan(45);
    const input = { paymentId: seededPayment().id, amount: { amount: 100, currency: "USD" } };
    const first = await invoke("refundPayment", input, key);
    expect(await invoke("refundPayment", input, key)).toEqual(first);
    expect(square.state.refunds).toHaveLength(1);
  });

  it("refuses a refund above what is left, with Square's detail", async () => {
    const failure = invoke("refundPayment", { paymentId: seededPayment().id, amount: { amount: 999_999, currency: "USD" } });
    await expect(failure).rejects.toThrow(NonRetryableError);
    await expect(failure).rejects.toThrow(/REFUND_AMOUNT_INVALID \(amount_money\.amount\)/);
    expect(square.state.refunds).toHaveLength(0);
  });

  it("gets a payment", async () => {
    const payment = seededPayment();
    const result = await invoke("getPayment", { paymentId: payment.id });
    expect(result.payment).toEqual({
      id: payment.id,
      status: "COMPLETED",
      amountMoney: { amount: 6000, currency: "USD" },
      totalMoney: { amount: 6000, currency: "USD" },
      refundedMoney: null,
      orderId: payment.order_id,
      locationId: payment.location_id,
      sourceType: "CARD",
      createdAt: payment.created_at,
      refundIds: [],
    });
  });
});
