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

interface TVariationPrices {
  variations: { id: string; sku: string | null; version: number; priceMoney: { amount: number; currency: string } | null }[];
}

function invoke(operation: string, input: unknown, idempotencyKey: string = randomUUID()) {
  return invokeAction(squareConnector, {
    operation,
    input,
    idempotencyKey,
    config: squareConnector.config.parse({ environment: "sandbox", baseUrl: `${sim.url}/square`, locationId: square.state.locations[0]!.id }),
    secrets: { accessToken: square.state.accessToken },
    fetch: (url, init) => fetch(url, init),
    signal: AbortSignal.timeout(10_000),
  }) as Promise<TVariationPrices>;
}

const usd = (amount: number) => ({ amount, currency: "USD" });

describe("Square item variation prices", () => {
  it("reads the price and version of the variations with exactly the SKUs asked for", async () => {
    const result = await invoke("getVariationPrices", { skus: ["TEE-BLK-M", "tote-nat", "NO-SUCH-SKU"] });
    expect(result.variations).toEqual([{ id: square.findVariation("TEE-BLK-M").id, sku: "TEE-BLK-M", version: 1, priceMoney: usd(2500) }]);
  });

  it("reads them by id too, leaving unknown ids out, and wants exactly one of SKUs or ids", async () => {
    const mug = square.findVariation("MUG-BLUE");
    expect(await invoke("getVariationPrices", { ids: [mug.id, "NO-SUCH-VARIATION"] })).toEqual({ variations: [{ id: mug.id, sku: "MUG-BLUE", version: 1, priceMoney: usd(1400) }] });
    await expect(invoke("getVariationPrices", { ids: [mug.id], skus: ["MUG-BLUE"] })).rejects.toThrow(/give either skus or ids/);
  });

  it("sets prices in one batch upsert, moving each version on, and answers a retry under the same key without changing again", async () => {
    const tee = square.findVariation("TEE-BLK-M");
    const tote = square.findVariation("TOTE-NAT");
    const input = { variations: [{ id: tee.id, version: 1, priceMoney: usd(1999) }, { id: tote.id, version: 1, priceMoney: usd(1500) }] };
    const key = randomUUID();

    const result = await invoke("setVariationPrices", input, key);
    expect(result.variations).toEqual([
      { id: tee.id, sku: "TEE-BLK-M", version: 2, priceMoney: usd(1999) },
      { id: tote.id, sku: "TOTE-NAT", version: 2, priceMoney: usd(1500) },
    ]);
    expect(square.findVariation("TEE-BLK-M")).toMatchObject({ price_money: usd(1999), version: 2 });

    // The retry reads the variations again (now at version 2) yet sends the same body: Square replays its answer.
    expect(await invoke("setVariationPrices", input, key)).toEqual(result);
    expect(square.findVariation("TOTE-NAT")).toMatchObject({ price_money: usd(1500), version: 2 });
    // The seeded order keeps the price it was sold at.
    expect(square.state.orders[0]!.line_items[0]!.base_price_money).toEqual(usd(1400));
  });

  it("refuses a stale version (VERSION_MISMATCH) and changes nothing", async () => {
    const mug = square.findVariation("MUG-BLUE");
    await invoke("setVariationPrices", { variations: [{ id: mug.id, version: 1, priceMoney: usd(1200) }] });

    const stale = invoke("setVariationPrices", { variations: [{ id: mug.id, version: 1, priceMoney: usd(999) }] });
    await expect(stale).rejects.toThrow(NonRetryableError);
    await expect(stale).rejects.toThrow(/VERSION_MISMATCH \(batches\[0\]\.objects\[0\]\.version\): Object version does not match latest database version/);
    expect(square.findVariation("MUG-BLUE")).toMatchObject({ price_money: usd(1200), version: 2 });
  });

  it("refuses a price in another currency than the seller's, an unknown variation, and does nothing for an empty list", async () => {
    const beans = square.findVariation("BEANS-1KG");
    await expect(invoke("setVariationPrices", { variations: [{ id: beans.id, version: 1, priceMoney: { amount: 2900, currency: "CAD" } }] })).rejects.toThrow(/CURRENCY_MISMATCH/);
    await expect(invoke("setVariationPrices", { variations: [{ id: "NO-SUCH-VARIATION", version: 1, priceMoney: usd(100) }] })).rejects.toThrow(/Square has no item variation NO-SUCH-VARIATION/);
    expect(await invoke("setVariationPrices", { variations: [] })).toEqual({ variations: [] });
    expect(square.findVariation("BEANS-1KG")).toMatchObject({ price_money: usd(3200), version: 1 });
  });
});
