import { shopifyConnector } from "@storeflow/connectors";
import { createShopifySimulator, slackSimulator, toShopifyGid, type TShopifySimulator, type TSlackSimulator } from "@storeflow/simulator";
import { beforeEach, describe, expect, it } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { orderRoutingTemplate as template } from "./index";
import { pickCorrelationKey } from "./pick-steps";

// Three stores around Manhattan and a warehouse the template is not given: it holds the most stock but is never chosen.
const h = useTemplateHarness([
  createShopifySimulator({
    locations: ["Warehouse", "Downtown", "Midtown", "Brooklyn"],
    products: [
      { title: "Classic Tee", variants: [{ sku: "TEE-BLK-M", title: "Black / M", price: "25.00", available: { Warehouse: 50, Downtown: 10, Midtown: 1, Brooklyn: 5 } }] },
      { title: "Canvas Tote", variants: [{ sku: "TOTE-NAT", title: "Natural", price: "18.50", available: { Warehouse: 20, Downtown: 4, Midtown: 3, Brooklyn: 0 } }] },
      { title: "Enamel Mug", variants: [{ sku: "MUG-WHT", title: "White", price: "12.00", available: { Warehouse: 30, Downtown: 0, Midtown: 6, Brooklyn: 2 } }] },
    ],
    orders: [],
    // The harness passes retry back-offs at once, so the bucket never refills between a THROTTLED answer and its retry.
    throttle: { maximumAvailable: 100_000, restoreRate: 10_000 },
  }),
  slackSimulator,
]);

const CHANNEL = "#store-ops";
const STORES = [
  { location: "Downtown", latitude: 40.7075, longitude: -74.0113, slackMention: "<!subteam^S0DOWNTOWN>" },
  { location: "Midtown", latitude: 40.7549, longitude: -73.984, slackMention: "<!subteam^S0MIDTOWN>" },
  { location: "Brooklyn", latitude: 40.6782, longitude: -73.9442, pickup: false, slackMention: "<!subteam^S0BROOKLYN>" },
];
const LOCATIONS = ["Warehouse", "Downtown", "Midtown", "Brooklyn"];
const SKUS = ["TEE-BLK-M", "TOTE-NAT", "MUG-WHT"];

// Times Square: Midtown is 0.4 km away, Downtown 6.0 km, Brooklyn 9.5 km.
const TIMES_SQUARE = { name: "Ada Lovelace", address1: "1560 Broadway", address2: null, city: "New York", zip: "10036", country_code: "US", latitude: 40.758, longitude: -73.9855 };
const STANDARD_SHIPPING = [{ code: "Standard", title: "Standard", source: "shopify", price: "5.00" }];

const shop = () => h.sim.vendor<TShopifySimulator>("shopify");
const slack = () => h.sim.vendor<TSlackSimulator>("slack");
const params = (overrides: Record<string, unknown> = {}) => ({ stores: STORES, ...overrides });
const locationId = (name: string) => toShopifyGid("Location", shop().state.locations.find((l) => l.name === name)!.id);
const texts = () => slack().messagesIn(CHANNEL).map((m) => m.text ?? "");

/** Every SKU's available and reserved units at every location, to compare a run's effect with. */
function stockTable() {
  return Object.fromEntries(LOCATIONS.flatMap((location) => SKUS.map((sku) => [`${sku}@${location}`, (({ available, reserved }) => ({ available, reserved }))(shop().level(sku, location))])));
}

interface TOrderDelivery {
  lines: { sku: string; quantity: number }[];
  shippingAddress?: Record<string, unknown>;
  shippingLines?: Record<string, unknown>[];
}

/**
 * Places the order in the simulated shop and builds the run input its orders/create
 * delivery starts, normalised by the connector. Shopify's body carries the (geocoded)
 * shipping address and the shipping lines; the simulator's leaves both out, so they
 * are added to the delivered body here.
 */
async function placeOrder({ lines, shippingAddress, shippingLines = STANDARD_SHIPPING }: TOrderDelivery) {
  const order = await shop().createOrder({ email: "ada@customer.example", lineItems: lines });
  const delivery = h.sim.webhooks.sent.findLast((sent) => sent.headers["x-shopify-topic"] === "orders/create" && JSON.parse(sent.body).id === order.id)!;
  const rawBody = JSON.stringify({ ...JSON.parse(delivery.body), shipping_lines: shippingLines, ...(shippingAddress ? { shipping_address: shippingAddress } : {}) });
  const event = shopifyConnector.webhook!.normalise({ headers: delivery.headers, rawBody, url: delivery.url, receivedAt: new Date() }, { config: h.connections.shopify().config as never });
  return { order, orderId: toShopifyGid("Order", order.id), input: { trigger: "event", event }, correlationKey: event.correlationKey };
}

async function route(delivery: TOrderDelivery, overrides: Record<string, unknown> = {}) {
  const placed = await placeOrder(delivery);
  const runId = await h.start(template, params(overrides), placed.input, { correlationKey: placed.correlationKey });
  const run = await h.run(runId);
  const pickRunIds = (run.outputs.summarise as { pickRunIds: string[] } | undefined)?.pickRunIds ?? [];
  return { ...placed, run, pickRunIds };
}

const picked = (orderId: string, store: string) => h.publish("order.picked", pickCorrelationKey(orderId, locationId(store)), { pickedBy: `${store} staff` });

beforeEach(async () => {
  shop().subscribe("orders/create", `${h.sim.url}/_sim/shopify-sink`);
  await h.bind("shop", h.connections.shopify());
  await h.bind("storeChat", h.connections.slack(CHANNEL));
});

describe("order routing: choosing the store", () => {
  it("ships from the nearest store holding every line: the units move from available to reserved there and the store gets its pick instruction", async () => {
    const before = stockTable();
    const { order, run, pickRunIds } = await route({ lines: [{ sku: "TEE-BLK-M", quantity: 1 }, { sku: "TOTE-NAT", quantity: 1 }], shippingAddress: TIMES_SQUARE });

    expect(run.status).toBe("succeeded");
    expect(shop().level("TEE-BLK-M", "Midtown")).toMatchObject({ available: 0, reserved: 1, on_hand: 1 });
    expect(shop().level("TOTE-NAT", "Midtown")).toMatchObject({ available: 2, reserved: 1, on_hand: 3 });
    expect(stockTable()).toEqual({ ...before, "TEE-BLK-M@Midtown": { available: 0, reserved: 1 }, "TOTE-NAT@Midtown": { available: 2, reserved: 1 } });

    expect(texts()).toHaveLength(1);
    const [message] = texts();
    expect(message).toContain(`:package: Order ${order.name} for Midtown <!subteam^S0MIDTOWN>`);
    expect(message).toMatch(/Ship from store: pick by \d\d:\d\d UTC, then pack and ship to Ada Lovelace, 1560 Broadway, 10036 New York\./);
    expect(message).toContain("• 1 × Classic Tee - Black / M (TEE-BLK-M)");
    expect(message).toContain("• 1 × Canvas Tote - Natural (TOTE-NAT)");

    expect(run.outputs.plan).toMatchObject({ mode: "ship", parts: [{ store: "Midtown", distanceKm: 0.4, locationId: locationId("Midtown") }], shortLines: [] });
    expect(run.outputs.summarise).toMatchObject({ stores: ["Midtown"], kpis: { splitCount: 0 } });
    expect(pickRunIds).toHaveLength(1);
    expect((await h.run(pickRunIds[0]!)).status).toBe("running");
  });

  it("passes over a nearer store that lacks a line, and never uses a location it was not given however much it holds", async () => {
    const { order, run } = await route({ lines: [{ sku: "TEE-BLK-M", quantity: 2 }, { sku: "TOTE-NAT", quantity: 1 }], shippingAddress: TIMES_SQUARE });

    expect(run.status).toBe("succeeded");
    expect(shop().level("TEE-BLK-M", "Downtown")).toMatchObject({ available: 8, reserved: 2 });
    expect(shop().level("TOTE-NAT", "Downtown")).toMatchObject({ available: 3, reserved: 1 });
    expect(shop().level("TEE-BLK-M", "Midtown")).toMatchObject({ available: 1, reserved: 0 });
    expect(shop().level("TEE-BLK-M", "Warehouse")).toMatchObject({ available: 50, reserved: 0 });
    expect(texts()).toEqual([expect.stringContaining(`Order ${order.name} for Downtown`)]);
  });

  it("prefers stores in the order they are listed when the shipping address has no coordinates", async () => {
    const { run } = await route({ lines: [{ sku: "TEE-BLK-M", quantity: 1 }], shippingAddress: { ...TIMES_SQUARE, latitude: null, longitude: null } });

    expect(run.outputs.plan).toMatchObject({ parts: [{ store: "Downtown", distanceKm: null }] });
    expect(shop().level("TEE-BLK-M", "Downtown")).toMatchObject({ available: 9, reserved: 1 });
  });

  it("reserves a pickup order at the store the customer chose and tells it to hold the order for collection", async () => {
    const { order, run } = await route({
      lines: [{ sku: "MUG-WHT", quantity: 2 }, { sku: "TOTE-NAT", quantity: 1 }],
      shippingLines: [{ code: "Midtown", title: "Midtown", source: "shopify", price: "0.00" }],
    });

    expect(run.status).toBe("succeeded");
    expect(run.outputs.plan).toMatchObject({ mode: "pickup", parts: [{ store: "Midtown" }] });
    expect(shop().level("MUG-WHT", "Midtown")).toMatchObject({ available: 4, reserved: 2 });
    expect(shop().level("TOTE-NAT", "Midtown")).toMatchObject({ available: 2, reserved: 1 });
    const [message] = texts();
    expect(message).toContain(`Order ${order.name} for Midtown <!subteam^S0MIDTOWN>`);
    expect(message).toMatch(/Customer collects in store: pick by \d\d:\d\d UTC and hold the order at the pickup counter\./);
    expect(message).toContain("• 2 × Enamel Mug - White (MUG-WHT)");
  });

  it("opens an exception for a pickup order its store cannot fill, though another store could, and reserves nothing", async () => {
    const before = stockTable();
    const { order, run } = await route({ lines: [{ sku: "TEE-BLK-M", quantity: 2 }], shippingLines: [{ code: "Midtown", title: "Midtown", source: "shopify", price: "0.00" }] });

    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ step: "reportShort", exception: true, reason: `step "reportShort" failed: cannot fulfil order ${order.name}: lines TEE-BLK-M (2 ordered, 1 available) short at pickup store Midtown` });
    expect(run.outputs.plan).toMatchObject({ mode: "pickup", parts: [], shortLines: [{ sku: "TEE-BLK-M", ordered: 2, available: 1 }] });
    expect(stockTable()).toEqual(before);
    expect(texts()).toEqual([]);
  });
});

describe("order routing: split fulfilment", () => {
  const lines = [{ sku: "TEE-BLK-M", quantity: 2 }, { sku: "MUG-WHT", quantity: 3 }];

  it("splits an order no single store holds across the fewest stores, nearest first, when splitting is allowed", async () => {
    const { order, run, pickRunIds } = await route({ lines, shippingAddress: TIMES_SQUARE }, { allowSplit: true });

    expect(run.status).toBe("succeeded");
    expect(run.outputs.plan).toMatchObject({ parts: [{ store: "Midtown", lines: [{ sku: "MUG-WHT", quantity: 3 }] }, { store: "Downtown", lines: [{ sku: "TEE-BLK-M", quantity: 2 }] }] });
    expect(shop().level("MUG-WHT", "Midtown")).toMatchObject({ available: 3, reserved: 3 });
    expect(shop().level("TEE-BLK-M", "Downtown")).toMatchObject({ available: 8, reserved: 2 });
    expect(shop().level("TEE-BLK-M", "Midtown")).toMatchObject({ available: 1, reserved: 0 });
    expect(shop().level("MUG-WHT", "Brooklyn")).toMatchObject({ available: 2, reserved: 0 });

    const [midtown, downtown] = texts();
    expect(midtown).toContain(`Order ${order.name} for Midtown`);
    expect(midtown).toContain("Part 1 of 2 of this order; the other lines go from Downtown.");
    expect(midtown).toContain("• 3 × Enamel Mug - White (MUG-WHT)");
    expect(midtown).not.toContain("TEE-BLK-M");
    expect(downtown).toContain(`Order ${order.name} for Downtown`);
    expect(downtown).toContain("Part 2 of 2 of this order; the other lines go from Midtown.");
    expect(run.outputs.summarise).toMatchObject({ stores: ["Midtown", "Downtown"], kpis: { splitCount: 1 } });
    expect(pickRunIds).toHaveLength(2);
  });

  it("opens an exception naming the short lines when splitting is off, reserving nothing", async () => {
    const before = stockTable();
    const { order, run } = await route({ lines, shippingAddress: TIMES_SQUARE });

    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      step: "reportShort",
      exception: true,
      reason: `step "reportShort" failed: cannot fulfil order ${order.name}: lines TEE-BLK-M (2 ordered, 1 available) short at Midtown, the nearest store holding most of the order; split fulfilment is off`,
    });
    expect(stockTable()).toEqual(before);
    expect(texts()).toEqual([]);
  });

  it("opens an exception, reserving nothing, when a line is more than any one store holds, split or not", async () => {
    const before = stockTable();
    const { order, run } = await route({ lines: [{ sku: "TEE-BLK-M", quantity: 1 }, { sku: "MUG-WHT", quantity: 7 }], shippingAddress: TIMES_SQUARE }, { allowSplit: true });

    expect(run.error).toMatchObject({ step: "reportShort", exception: true, reason: `step "reportShort" failed: cannot fulfil order ${order.name}: lines MUG-WHT (7 ordered, at most 6 at one store) short at every store` });
    expect(stockTable()).toEqual(before);
  });
});

describe("order routing: pick SLA", () => {
  const lines = [{ sku: "TEE-BLK-M", quantity: 1 }, { sku: "TOTE-NAT", quantity: 1 }];

  it("completes the pick run when the store reports the order picked in time, with the time to pick, keeping the reservation", async () => {
    const { orderId, pickRunIds } = await route({ lines, shippingAddress: TIMES_SQUARE });
    const [pickRunId] = pickRunIds;

    // Another store reporting this order picked is not this store's pick.
    await picked(orderId, "Downtown");
    expect((await h.run(pickRunId!)).status).toBe("running");

    await picked(orderId, "Midtown");
    const run = await h.run(pickRunId!);
    expect(run.status).toBe("succeeded");
    expect(run.path).toEqual(["start", "awaitPick", "recordPick"]);
    expect(run.outputs.recordPick).toMatchObject({
      outcome: "picked",
      store: "Midtown",
      rerouted: false,
      pickedEvent: { pickedBy: "Midtown staff" },
      kpis: { timeToPickMs: expect.any(Number), orderAgeMs: expect.any(Number), reroutes: 0 },
    });
    expect(shop().level("TEE-BLK-M", "Midtown")).toMatchObject({ available: 0, reserved: 1 });
  });

  it("moves an order not picked in time to the next nearest store holding it: reserved there, released at the first, both stores told", async () => {
    const { order, orderId, pickRunIds } = await route({ lines, shippingAddress: TIMES_SQUARE });
    const [pickRunId] = pickRunIds;

    await h.expire(pickRunId!);

    expect(shop().level("TEE-BLK-M", "Midtown")).toMatchObject({ available: 1, reserved: 0, on_hand: 1 });
    expect(shop().level("TOTE-NAT", "Midtown")).toMatchObject({ available: 3, reserved: 0, on_hand: 3 });
    expect(shop().level("TEE-BLK-M", "Downtown")).toMatchObject({ available: 9, reserved: 1, on_hand: 10 });
    expect(shop().level("TOTE-NAT", "Downtown")).toMatchObject({ available: 3, reserved: 1, on_hand: 4 });
    const [, rerouted, withdrawn] = texts();
    expect(rerouted).toContain(`Order ${order.name} for Downtown <!subteam^S0DOWNTOWN>`);
    expect(rerouted).toContain("Rerouted from Midtown, which did not pick it within 60 minutes.");
    expect(rerouted).toContain("• 1 × Canvas Tote - Natural (TOTE-NAT)");
    expect(withdrawn).toContain(`Order ${order.name} for Midtown <!subteam^S0MIDTOWN>: not picked within 60 minutes, so it now goes from Downtown. Do not pick it`);

    // Midtown picking late counts for nothing now; Downtown's pick ends the run.
    await picked(orderId, "Midtown");
    expect((await h.run(pickRunId!)).status).toBe("running");
    await picked(orderId, "Downtown");
    const run = await h.run(pickRunId!);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.recordReroutedPick).toMatchObject({ store: "Downtown", rerouted: true, reroutedFrom: "Midtown", kpis: { reroutes: 1 } });
  });

  it("reroutes only once: a second late store opens an exception and keeps the stock reserved there", async () => {
    const { order, pickRunIds } = await route({ lines, shippingAddress: TIMES_SQUARE });
    const [pickRunId] = pickRunIds;

    await h.expire(pickRunId!);
    await h.expire(pickRunId!);

    const run = await h.run(pickRunId!);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ step: "reportLatePick", exception: true, reason: `step "reportLatePick" failed: order ${order.name} was not picked at Downtown within 60 minutes, where it was moved from Midtown; its stock stays reserved there` });
    expect(shop().level("TEE-BLK-M", "Downtown")).toMatchObject({ available: 9, reserved: 1 });
    expect(shop().level("TEE-BLK-M", "Midtown")).toMatchObject({ available: 1, reserved: 0 });
    expect(texts()).toHaveLength(3);
  });

  it("escalates a late order when no other store holds all its lines, keeping it reserved where it is", async () => {
    const { order, pickRunIds } = await route({ lines: [{ sku: "MUG-WHT", quantity: 3 }, { sku: "TOTE-NAT", quantity: 3 }], shippingAddress: TIMES_SQUARE });
    const [pickRunId] = pickRunIds;

    await h.expire(pickRunId!);

    const run = await h.run(pickRunId!);
    expect(run.error).toMatchObject({
      step: "reportLatePick",
      exception: true,
      reason: `step "reportLatePick" failed: order ${order.name} was not picked at Midtown within 60 minutes; no other store holds all its lines (MUG-WHT ×3, TOTE-NAT ×3); its stock stays reserved there`,
    });
    expect(shop().level("MUG-WHT", "Midtown")).toMatchObject({ available: 3, reserved: 3 });
    expect(shop().level("TOTE-NAT", "Midtown")).toMatchObject({ available: 0, reserved: 3 });
    expect(texts()).toHaveLength(1);
  });

  it("never moves a late pickup order: the customer is coming to that store, so it is escalated with the stock still reserved", async () => {
    const { order, pickRunIds } = await route({ lines, shippingLines: [{ code: "Downtown", title: "Downtown", source: "shopify", price: "0.00" }] }, { pickSlaMinutes: 30 });
    const [pickRunId] = pickRunIds;

    await h.expire(pickRunId!);

    const run = await h.run(pickRunId!);
    expect(run.error).toMatchObject({
      step: "reportLatePick",
      exception: true,
      reason: `step "reportLatePick" failed: order ${order.name} was not picked at Downtown within 30 minutes; a pickup order stays at the store the customer chose; its stock stays reserved there`,
    });
    expect(run.path).not.toContain("rereadStock");
    expect(shop().level("TEE-BLK-M", "Downtown")).toMatchObject({ available: 9, reserved: 1 });
  });
});
