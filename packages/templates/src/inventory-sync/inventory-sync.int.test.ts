import { squareConnector } from "@storeflow/connectors";
import {
  businessCentralSimulator,
  shopifySimulator,
  squareSimulator,
  type TBusinessCentralSimulator,
  type TShopifySimulator,
  type TSquareCount,
  type TSquareSimulator,
} from "@storeflow/simulator";
import { beforeEach, describe, expect, it } from "vitest";
import { useTemplateHarness } from "../../test/template-harness";
import { inventorySyncTemplate } from "./index";

const h = useTemplateHarness([squareSimulator, shopifySimulator, businessCentralSimulator]);

// SKUs every seed carries: Square's Main Street counts 42 and 9, Shopify's Main Warehouse
// shows 40 and 7 available (42 and 9 less the 2 of safety stock), Business Central holds 42 and 9.
const TEE = "TEE-BLK-M";
const TOTE = "TOTE-NAT";
const SHOPIFY_LOCATION = "Main Warehouse";

const square = () => h.sim.vendor<TSquareSimulator>("square");
const shop = () => h.sim.vendor<TShopifySimulator>("shopify");
const bc = () => h.sim.vendor<TBusinessCentralSimulator>("business-central");

const params = () => ({ stores: [{ squareLocationId: square().state.locations[0]!.id, name: "Main Street", shopifyLocation: SHOPIFY_LOCATION }], safetyStock: 2 });

function squareCount(sku: string): TSquareCount {
  const variation = square().findVariation(sku);
  return square().state.counts.find((c) => c.catalog_object_id === variation.id && c.state === "IN_STOCK")!;
}

function shopifyLevel(sku: string) {
  const location = shop().state.locations.find((l) => l.name === SHOPIFY_LOCATION)!;
  return shop().state.levels.find((l) => l.inventoryItemId === shop().findVariant(sku).inventoryItemId && l.locationId === location.id)!;
}

/** The run input a Square inventory webhook starts, from the delivery the simulator sends, normalised by the connector. */
async function movementOf(sku: string) {
  const [delivery] = await square().emitInventoryCountUpdated({ sku });
  const event = squareConnector.webhook!.normalise({ headers: delivery!.headers, rawBody: delivery!.body, url: delivery!.url, receivedAt: new Date() }, { config: squareConnector.config.parse({}) });
  return { trigger: "event", event };
}

async function childRuns(parentRunId: string) {
  const { rows } = await h.store.pool.query<{ id: string }>("select id from workflow_runs where parent_run_id = $1 order by created_at, id", [parentRunId]);
  return Promise.all(rows.map((row) => h.run(row.id)));
}

beforeEach(async () => {
  // Deliveries need a subscriber; the simulator's own address answers 404, which is all a test needs.
  square().subscribe({ notificationUrl: `${h.sim.url}/_sim/square-sink`, eventTypes: ["inventory.count.updated"] });
  await h.bind("pos", h.connections.square());
  await h.bind("shop", h.connections.shopify());
  await h.bind("erp", h.connections.businessCentral());
});

describe("inventory sync: stock movements", () => {
  it("publishes the store count less safety stock to the mapped Shopify location, read from Square when the run happens", async () => {
    const input = await movementOf(TEE);
    // Sold after the webhook left: the run must publish the count as it is now, not the event's.
    squareCount(TEE).quantity = "30";
    const runId = await h.start(inventorySyncTemplate, params(), input);

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(shopifyLevel(TEE).quantities.available).toBe(28);
    expect(shopifyLevel(TOTE).quantities.available).toBe(7);
    expect(run.outputs.movementSummary).toMatchObject({
      kpis: { skusPublished: 1, syncLagMs: expect.any(Number) },
      moves: [{ sku: TEE, store: "Main Street", posCount: 30, onlineQuantity: 28, shopifyBefore: 40, erpInventory: 42, outcome: "published" }],
    });
  });

  it("never publishes less than zero when the store holds no more than the safety stock", async () => {
    squareCount(TOTE).quantity = "1";
    const runId = await h.start(inventorySyncTemplate, params(), await movementOf(TOTE));
    expect((await h.run(runId)).status).toBe("succeeded");
    expect(shopifyLevel(TOTE).quantities.available).toBe(0);
  });

  it("parks a negative store count in the exception queue, naming the SKU and store, and publishes nothing", async () => {
    squareCount(TEE).quantity = "-3";
    const runId = await h.start(inventorySyncTemplate, params(), await movementOf(TEE));

    const run = await h.run(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ exception: true, reason: expect.stringContaining(`Square shows -3 in stock of ${TEE} at Main Street`) });
    expect(run.outputs.movementProblems).toMatchObject({ problems: [{ sku: TEE, posCount: -3, outcome: "negativeStock" }] });
    expect(shopifyLevel(TEE).quantities.available).toBe(40);
    expect(run.path).not.toContain("moveSet");
  });

  it("re-reads both systems when Shopify changed between its read and the write, so an older count cannot win", async () => {
    const input = await movementOf(TEE);
    const count = squareCount(TEE);
    let written = false;
    // Another writer (an older movement's run) lands 37 right after this run read Shopify's 40.
    Object.defineProperty(count, "quantity", {
      enumerable: true,
      get() {
        if (!written) shopifyLevel(TEE).quantities.available = 37;
        written = true;
        return "30";
      },
    });
    const runId = await h.start(inventorySyncTemplate, params(), input);

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.movementSummary).toMatchObject({ moves: [{ sku: TEE, shopifyBefore: 40, outcome: "superseded" }] });
    const [resync] = await childRuns(runId);
    expect(resync).toMatchObject({ status: "succeeded", outputs: { movementSummary: { moves: [{ shopifyBefore: 37, onlineQuantity: 28, outcome: "published" }] } } });
    expect(shopifyLevel(TEE).quantities.available).toBe(28);
  });
});

describe("inventory sync: reconciliation", () => {
  const reconcile = (overrides: object = {}) => h.start(inventorySyncTemplate, { ...params(), skus: [TEE, TOTE], ...overrides }, { trigger: "schedule", mode: "reconcile" });

  it("opens exactly one exception for the SKU whose online count drifted beyond the tolerance, none for those that agree", async () => {
    shopifyLevel(TOTE).quantities.available = 3;
    // One unit off: within the default tolerance of 1.
    shopifyLevel(TEE).quantities.available = 39;
    const runId = await reconcile();

    const run = await h.run(runId);
    expect(run.status).toBe("succeeded");
    expect(run.outputs.reconcileSummary).toMatchObject({ kpis: { skusCompared: 2, driftedSkus: 1 } });
    const exceptions = await childRuns(runId);
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({
      status: "failed",
      error: { exception: true, reason: expect.stringContaining(`${TOTE} at Main Street: Shopify shows 3 available at "${SHOPIFY_LOCATION}", expected 7`) },
      outputs: { driftDetails: { kind: "online", sku: TOTE, store: "Main Street", expected: 7, actual: 3 } },
    });
    // Reconciling reports; it corrects nothing.
    expect(shopifyLevel(TOTE).quantities.available).toBe(3);
  });

  it("opens an exception when Business Central's inventory drifts from the stores' total, unless that comparison is off", async () => {
    bc().state.items.find((item) => item.number === TEE)!.inventoryByLocation = { MAIN: 30 };
    const exceptions = await childRuns(await reconcile());
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({ error: { exception: true, reason: expect.stringContaining(`${TEE}: Business Central holds 30, Square counts 42 at Main Street`) } });

    expect(await childRuns(await reconcile({ compareErp: false }))).toHaveLength(0);
  });

  it("covers every Square SKU when no filter is set: one Business Central lacks is a drift, one the shop does not sell has no online figure", async () => {
    const runId = await reconcile({ skus: [] });
    expect((await h.run(runId)).outputs.reconcileSummary).toMatchObject({ kpis: { skusCompared: 4, driftedSkus: 2 } });
    const reasons = (await childRuns(runId)).map((run) => (run.error as { reason: string }).reason);
    expect(reasons).toEqual(
      ["MUG-BLUE", "BEANS-1KG"].map((sku) => expect.stringContaining(`${sku}: Business Central has no item with this number, though Square counts`)),
    );
  });
});
