import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TFetch } from "../../sdk/connector";
import { shipbobConnector } from "./connector";
import { ORDER, startShipBob, type TShipBobHarness } from "./test-support";

let h: TShipBobHarness;

beforeAll(async () => {
  h = await startShipBob();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

type TCreated = { created: boolean; order: { id: number; reference_id: string; status: string; shipments: { id: number; status: string }[] } };

describe("ShipBob orders", () => {
  it("creates an order on our channel with its products", async () => {
    const output = (await h.invoke("createOrder", ORDER)) as TCreated;
    expect(output).toMatchObject({ created: true, order: { reference_id: "shop-order-1001", status: "Processing", shipments: [{ status: "Processing" }] } });
    const [order] = h.sb.state.orders;
    expect(order).toMatchObject({ id: output.order.id, order_number: "#1001", type: "DTC", shipping_method: "Standard", channel: { id: 100102 } });
    expect(order!.recipient.address).toMatchObject({ address1: "100 N Racine Ave", city: "Chicago", zip_code: "60607", country: "US" });
    expect(order!.products.map((product) => [product.reference_id, product.quantity, product.unit_price])).toEqual([
      ["LIGHT-ROAST", 2, null],
      ["DARK-ROAST", 1, 14.5],
    ]);
  });

  it("creates once when retried: ShipBob refuses the reference id and we return the existing order", async () => {
    const first = (await h.invoke("createOrder", ORDER)) as TCreated;
    const retry = (await h.invoke("createOrder", ORDER)) as TCreated;
    expect(retry).toMatchObject({ created: false, order: { id: first.order.id } });
    expect(h.sb.state.orders).toHaveLength(1);
    expect(h.sb.state.inventory.find((item) => item.sku === "LIGHT-ROAST")!.total_committed_quantity).toBe(2);
  });

  it("passes ShipBob's field message on for a product it cannot create", async () => {
    const attempt = h.invoke("createOrder", { ...ORDER, products: [{ sku: "NEW-SKU", quantity: 1 }] });
    await expect(attempt).rejects.toBeInstanceOf(NonRetryableError);
    await expect(attempt).rejects.toThrow("ShipBob answered 400: Products[0].Name: Product with reference_id 'NEW-SKU' does not exist; include its name to create it.");
  });

  it("keeps a 422 that is not about an existing order an error", async () => {
    h.sim.faults.add({ vendor: "shipbob", method: "POST", pathIncludes: "/order", status: 422, body: { title: "Unprocessable Entity", status: 422, errors: { ShippingMethod: ["Ship option is not available for this address."] } } });
    await expect(h.invoke("createOrder", ORDER)).rejects.toThrow(new NonRetryableError("ShipBob answered 422: ShippingMethod: Ship option is not available for this address."));
    expect(h.sb.state.orders).toHaveLength(0);
  });

  it("gets an order by id or by our reference", async () => {
    const created = (await h.invoke("createOrder", ORDER)) as TCreated;
    expect(await h.invoke("getOrder", { orderId: created.order.id })).toMatchObject({ reference_id: "shop-order-1001" });
    expect(await h.invoke("getOrder", { referenceId: "shop-order-1001" })).toMatchObject({ id: created.order.id });
    await expect(h.invoke("getOrder", { orderId: 1 })).rejects.toThrow(new NonRetryableError("ShipBob answered 404: Not Found"));
    await expect(h.invoke("getOrder", { referenceId: "nope" })).rejects.toThrow('ShipBob has no order with reference_id "nope"');
  });

  it("lists an order's shipments with tracking once shipped", async () => {
    const created = (await h.invoke("createOrder", ORDER)) as TCreated;
    h.sb.shipShipment(created.order.shipments[0]!.id);
    const output = (await h.invoke("listShipments", { referenceId: "shop-order-1001" })) as { orderId: number; shipments: { status: string; tracking: { carrier: string; tracking_number: string } }[] };
    expect(output.orderId).toBe(created.order.id);
    expect(output.shipments).toHaveLength(1);
    expect(output.shipments[0]).toMatchObject({ status: "Completed", tracking: { carrier: "USPS", tracking_number: expect.stringMatching(/^9400/) } });
  });
});

describe("ShipBob inventory", () => {
  it("finds the exact SKU among the search's pages", async () => {
    const template = h.sb.state.inventory[0]!;
    for (let i = 0; i < 5; i++) h.sb.state.inventory.unshift({ ...template, inventory_id: 100 + i, sku: `LIGHT-ROAST-${i}`, name: `Light Roast ${i}` });
    h.sb.state.maxPageSize = 2;
    expect(await h.invoke("getInventory", { sku: "LIGHT-ROAST" })).toMatchObject({ inventory_id: 9557855, sku: "LIGHT-ROAST", total_on_hand_quantity: 120 });
  });

  it("shows stock committed to open orders and gone once shipped", async () => {
    const created = (await h.invoke("createOrder", ORDER)) as TCreated;
    expect(await h.invoke("getInventory", { sku: "LIGHT-ROAST" })).toMatchObject({ total_on_hand_quantity: 120, total_committed_quantity: 2, total_fulfillable_quantity: 118 });
    h.sb.shipShipment(created.order.shipments[0]!.id);
    expect(await h.invoke("getInventory", { sku: "LIGHT-ROAST" })).toMatchObject({ total_on_hand_quantity: 118, total_committed_quantity: 0 });
  });

  it("names a SKU ShipBob does not stock", async () => {
    await expect(h.invoke("getInventory", { sku: "NOPE" })).rejects.toThrow(new NonRetryableError('ShipBob has no inventory item with SKU "NOPE"'));
  });
});

describe("ShipBob returns", () => {
  const RETURN = { referenceId: "RMA-2001", fulfillmentCenterId: 22, items: [{ sku: "DARK-ROAST", quantity: 1, requestedAction: "Restock" }] };

  it("creates a return, resolving the SKU to ShipBob's inventory id", async () => {
    const output = (await h.invoke("createReturn", RETURN)) as { created: boolean; return: { id: number; status: string } };
    expect(output).toMatchObject({ created: true, return: { status: "AwaitingArrival" } });
    expect(h.sb.state.returns).toHaveLength(1);
    expect(h.sb.state.returns[0]).toMatchObject({ reference_id: "RMA-2001", fulfillment_center: { id: 22 }, inventory: [{ id: 9557856, quantity: 1, action_requested: { action: "Restock" } }] });
  });

  it("creates once when retried", async () => {
    const first = (await h.invoke("createReturn", RETURN)) as { return: { id: number } };
    const retry = (await h.invoke("createReturn", RETURN)) as { created: boolean; return: { id: number } };
    expect(retry).toMatchObject({ created: false, return: { id: first.return.id } });
    expect(h.sb.state.returns).toHaveLength(1);
  });

  it("lists returns across cursor pages and filters by status", async () => {
    for (let i = 1; i <= 5; i++) await h.invoke("createReturn", { ...RETURN, referenceId: `RMA-${i}` });
    h.sb.state.returns[1]!.status = "Completed";
    h.sb.state.maxPageSize = 2;
    const all = (await h.invoke("listReturns", {})) as { returns: { reference_id: string }[]; truncated: boolean };
    expect(all.returns.map((item) => item.reference_id)).toEqual(["RMA-1", "RMA-2", "RMA-3", "RMA-4", "RMA-5"]);
    expect(all.truncated).toBe(false);
    const completed = (await h.invoke("listReturns", { statuses: ["Completed"] })) as { returns: { reference_id: string }[] };
    expect(completed.returns.map((item) => item.reference_id)).toEqual(["RMA-2"]);
    const capped = (await h.invoke("listReturns", { limit: 3 })) as { returns: unknown[]; truncated: boolean };
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.returns).toHaveLength(3);
  });
});

describe("ShipBob errors, auth and transport", () => {
  it("maps ShipBob's own 429 with x-retry-after to RateLimitedError", async () => {
    h.sb.state.rateLimitPerMinute = 2;
    await h.invoke("getInventory", { sku: "LIGHT-ROAST" });
    await h.invoke("getInventory", { sku: "LIGHT-ROAST" });
    const error = await h.invoke("getInventory", { sku: "LIGHT-ROAST" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(55_000);
    expect((error as Error).message).toMatch(/^ShipBob answered 429: Rate limit is exceeded\. Try again in \d+ seconds\.$/);
  });

  it("maps an injected 429 with Retry-After to RateLimitedError carrying it", async () => {
    h.sim.faults.add({ vendor: "shipbob", pathIncludes: "/order", status: 429, retryAfterS: 7 });
    const error = await h.invoke("getOrder", { orderId: 5 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it.each([500, 503])("maps %i to RetryableError", async (status) => {
    h.sim.faults.add({ vendor: "shipbob", pathIncludes: "/inventory-level", status });
    const error = await h.invoke("getInventory", { sku: "LIGHT-ROAST" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).not.toBeInstanceOf(RateLimitedError);
  });

  it("refuses a wrong token as not retryable, without the token in the message", async () => {
    const attempt = h.invoke("getInventory", { sku: "LIGHT-ROAST" }, h.context({ secrets: { personalAccessToken: "not-a-real-pat" } }));
    await expect(attempt).rejects.toThrow(new NonRetryableError("ShipBob answered 401: Authorization has been denied for this request."));
  });

  it("passes the step's signal to every request and uses only the connection's fetch", async () => {
    const context = h.context();
    const seen: (AbortSignal | null | undefined)[] = [];
    const recording: TFetch = (url, init) => {
      seen.push(init?.signal);
      return fetch(url, init);
    };
    const withFetch = { ...context, fetch: recording };
    await h.invoke("createOrder", ORDER, withFetch);
    await h.invoke("createOrder", ORDER, withFetch);
    await h.invoke("createReturn", { referenceId: "RMA-9", fulfillmentCenterId: 22, items: [{ sku: "DARK-ROAST", quantity: 1 }] }, withFetch);
    expect(seen.length).toBe(5);
    expect(seen.every((signal) => signal === context.signal)).toBe(true);
  });

  it("reports health from the channel list", async () => {
    const { idempotencyKey: _unused, ...context } = h.context();
    expect(await shipbobConnector.health(context)).toEqual({ ok: true });
    expect(await shipbobConnector.health({ ...context, config: { ...context.config, channelId: 42 } })).toEqual({ ok: false, detail: "the token has no access to channel 42" });
  });
});
