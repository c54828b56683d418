import { NonRetryableError } from "@storeflow/engine";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShopifySimulator, DEFAULT_SHOPIFY_SEED, startSimulator, toShopifyGid, type TShopifySimulator, type TSimulator } from "@storeflow/simulator";
import { invokeAction } from "../../sdk/invoke";
import { shopifyConnector } from "./connector";

let sim: TSimulator;
let shop: TShopifySimulator;

// A roomy cost bucket: these tests are about the actions, not throttling.
const seed = { ...DEFAULT_SHOPIFY_SEED, locations: ["Main Warehouse", "Outlet"], throttle: { maximumAvailable: 100_000, restoreRate: 100_000 } };

beforeAll(async () => {
  sim = await startSimulator({ vendors: [createShopifySimulator(seed)] });
  shop = sim.vendor<TShopifySimulator>("shopify");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function invoke(operation: string, input: unknown, idempotencyKey: string = randomUUID()) {
  return invokeAction(shopifyConnector, {
    operation,
    input,
    idempotencyKey,
    config: shopifyConnector.config.parse({ shopDomain: shop.state.shop.domain, baseUrl: `${sim.url}/shopify` }),
    secrets: { accessToken: shop.state.credentials.accessToken },
    fetch: (url, init) => fetch(url, init),
    signal: AbortSignal.timeout(10_000),
  }) as Promise<Record<string, unknown>>;
}

const itemOf = (sku: string) => toShopifyGid("InventoryItem", shop.findVariant(sku).inventoryItemId);
const locationOf = (name: string) => toShopifyGid("Location", shop.state.locations.find((l) => l.name === name)!.id);
const firstOrder = () => shop.state.orders[0]!;

describe("Shopify actions against the simulator", () => {
  it("finds variants by exact SKU", async () => {
    const result = await invoke("getVariantsBySku", { sku: "TEE-BLK-M" });
    const variant = shop.findVariant("TEE-BLK-M");
    expect(result.variants).toEqual([
      expect.objectContaining({ id: toShopifyGid("ProductVariant", variant.id), sku: "TEE-BLK-M", price: "25.00", inventoryItemId: itemOf("TEE-BLK-M"), inventoryQuantity: 40, productTitle: "Classic Tee" }),
    ]);
    expect((await invoke("getVariantsBySku", { sku: "TEE-BLK" })).variants).toEqual([]);
  });

  it("reads inventory levels at every location or the chosen ones", async () => {
    const all = await invoke("getInventoryLevels", { inventoryItemId: itemOf("TOTE-NAT") });
    expect(all.sku).toBe("TOTE-NAT");
    expect(all.levels).toEqual([
      expect.objectContaining({ locationName: "Main Warehouse", quantities: { available: 7, on_hand: 7 } }),
      expect.objectContaining({ locationName: "Outlet", quantities: { available: 0, on_hand: 0 } }),
    ]);
    // A numeric id, as webhooks carry it, is accepted too.
    const numeric = shop.findVariant("TOTE-NAT").inventoryItemId;
    const one = await invoke("getInventoryLevels", { inventoryItemId: numeric, locationIds: [locationOf("Outlet")], names: ["available"] });
    expect(one.levels).toEqual([expect.objectContaining({ locationId: locationOf("Outlet"), quantities: { available: 0 } })]);
  });

  it("refuses an unknown inventory item as non-retryable", async () => {
    await expect(invoke("getInventoryLevels", { inventoryItemId: "gid://shopify/InventoryItem/999999" })).rejects.toThrow(NonRetryableError);
  });

  it("sets an absolute quantity and reports the changes", async () => {
    const result = await invoke("setInventoryQuantities", { quantities: [{ inventoryItemId: itemOf("TEE-BLK-L"), locationId: locationOf("Main Warehouse"), quantity: 30 }] });
    expect(shop.level("TEE-BLK-L", "Main Warehouse")).toMatchObject({ available: 30, on_hand: 30 });
    expect(result.changes).toEqual(expect.arrayContaining([expect.objectContaining({ name: "available", delta: 18, quantityAfterChange: 30, inventoryItemId: itemOf("TEE-BLK-L") })]));
  });

  it("applies a set with the same idempotency key once, and refuses the key with other quantities", async () => {
    const key = randomUUID();
    const input = { name: "on_hand", quantities: [{ inventoryItemId: itemOf("TEE-BLK-L"), locationId: locationOf("Main Warehouse"), quantity: 5, changeFromQuantity: 12 }] };
    const first = await invoke("setInventoryQuantities", input, key);
    // A retry after a lost answer: the compare-and-swap would now fail, the key returns the first answer.
    expect(await invoke("setInventoryQuantities", input, key)).toEqual(first);
    expect(shop.level("TEE-BLK-L")).toMatchObject({ available: 5, on_hand: 5 });
    const other = { ...input, quantities: [{ ...input.quantities[0], quantity: 6 }] };
    await expect(invoke("setInventoryQuantities", other, key)).rejects.toThrow(/IDEMPOTENCY_KEY_PARAMETER_MISMATCH/);
  });

  it("refuses a stale compare-and-swap, naming the field", async () => {
    const input = { quantities: [{ inventoryItemId: itemOf("TEE-BLK-M"), locationId: locationOf("Main Warehouse"), quantity: 1, changeFromQuantity: 39 }] };
    const failure = invoke("setInventoryQuantities", input);
    await expect(failure).rejects.toThrow(NonRetryableError);
    await expect(failure).rejects.toThrow(/input\.quantities\.0\.changeFromQuantity: .*CHANGE_FROM_QUANTITY_STALE/);
    expect(shop.level("TEE-BLK-M").available).toBe(40);
  });

  it("adjusts by a delta, once per idempotency key", async () => {
    const key = randomUUID();
    const input = { reason: "received", changes: [{ inventoryItemId: itemOf("TOTE-NAT"), locationId: locationOf("Outlet"), delta: 4 }] };
    const result = await invoke("adjustInventoryQuantities", input, key);
    await invoke("adjustInventoryQuantities", input, key);
    expect(shop.level("TOTE-NAT", "Outlet").available).toBe(4);
    expect(result.changes).toEqual(expect.arrayContaining([expect.objectContaining({ name: "available", delta: 4, quantityAfterChange: 4 })]));
    await invoke("adjustInventoryQuantities", input);
    expect(shop.level("TOTE-NAT", "Outlet").available).toBe(8);
  });

  it("maps userErrors of an adjustment to a non-retryable error with the field and message", async () => {
    const input = { name: "damaged", changes: [{ inventoryItemId: itemOf("TOTE-NAT"), locationId: locationOf("Outlet"), delta: 1 }] };
    await expect(invoke("adjustInventoryQuantities", input)).rejects.toThrow(/input\.changes\.0\.ledgerDocumentUri: A ledger document URI is required/);
  });

  it("gets an order with its line items and transactions", async () => {
    const order = await invoke("getOrder", { orderId: toShopifyGid("Order", firstOrder().id) });
    expect(order).toMatchObject({ name: "#1001", financialStatus: "PAID", totalPrice: { amount: "68.50", currencyCode: "USD" } });
    expect(order.lineItems).toEqual([
      expect.objectContaining({ sku: "TEE-BLK-M", quantity: 2, refundableQuantity: 2 }),
      expect.objectContaining({ sku: "TOTE-NAT", quantity: 1, refundableQuantity: 1 }),
    ]);
    // What refunding and restocking a returned line need: the price it sold at and where its stock is counted.
    expect((order.lineItems as unknown[])[1]).toMatchObject({ unitPrice: { amount: "18.50", currencyCode: "USD" }, inventoryItemId: itemOf("TOTE-NAT") });
    expect(order.transactions).toEqual([expect.objectContaining({ kind: "SALE", status: "SUCCESS", gateway: "bogus", amount: { amount: "68.50", currencyCode: "USD" } })]);
    await expect(invoke("getOrder", { orderId: "gid://shopify/Order/424242" })).rejects.toThrow(/no order/);
  });

  it("lists an order's fulfillment orders", async () => {
    const result = await invoke("listFulfillmentOrders", { orderId: firstOrder().id });
    const fulfillmentOrder = firstOrder().fulfillmentOrders[0]!;
    expect(result.fulfillmentOrders).toEqual([
      {
        id: toShopifyGid("FulfillmentOrder", fulfillmentOrder.id),
        status: "OPEN",
        locationId: locationOf("Main Warehouse"),
        locationName: "Main Warehouse",
        lineItems: firstOrder().lineItems.map((item, i) => ({ id: toShopifyGid("FulfillmentOrderLineItem", fulfillmentOrder.lineItems[i]!.id), lineItemId: toShopifyGid("LineItem", item.id), sku: item.sku, totalQuantity: item.quantity, remainingQuantity: item.quantity })),
        lineItemsTruncated: false,
      },
    ]);
  });

  it("creates a refund once, however often it is retried with the same key, and restocks", async () => {
    const order = firstOrder();
    const sale = order.transactions[0]!;
    const input = {
      orderId: toShopifyGid("Order", order.id),
      note: "damaged in transit",
      lineItems: [{ lineItemId: toShopifyGid("LineItem", order.lineItems[1]!.id), quantity: 1, restockType: "RETURN", locationId: locationOf("Main Warehouse") }],
      transactions: [{ amount: "18.50", gateway: "bogus", parentId: toShopifyGid("OrderTransaction", sale.id) }],
    };
    const key = randomUUID();
    const first = await invoke("createRefund", input, key);
    const retried = await Promise.all([invoke("createRefund", input, key), invoke("createRefund", input, key)]);
    expect(retried).toEqual([first, first]);
    expect(first).toMatchObject({ totalRefunded: { amount: "18.50", currencyCode: "USD" } });
    expect(shop.state.refunds).toHaveLength(1);
    expect(order.transactions.filter((t) => t.kind === "REFUND")).toHaveLength(1);
    expect(shop.level("TOTE-NAT", "Main Warehouse").available).toBe(8);
    const after = await invoke("getOrder", { orderId: order.id });
    expect(after).toMatchObject({ financialStatus: "PARTIALLY_REFUNDED", totalRefunded: { amount: "18.50" } });
  });

  it("refuses an over-refund with Shopify's message and changes nothing", async () => {
    const order = firstOrder();
    const input = { orderId: order.id, transactions: [{ amount: "100.00", gateway: "bogus", parentId: order.transactions[0]!.id }] };
    await expect(invoke("createRefund", input)).rejects.toThrow(/transactions: Amount to refund 100\.00 is greater than net payment received 68\.50/);
    expect(shop.state.refunds).toHaveLength(0);
  });

  it("rejects input the action schema refuses before calling Shopify", async () => {
    await expect(invoke("createRefund", { orderId: firstOrder().id })).rejects.toThrow(/needs line items, transactions or shipping/);
    await expect(invoke("setInventoryQuantities", { quantities: [{ inventoryItemId: "gid://shopify/Product/1", locationId: 1, quantity: 1 }] })).rejects.toThrow(/expected a Shopify InventoryItem id/);
  });
});
