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

function invoke(operation: string, input: unknown) {
  return invokeAction(squareConnector, {
    operation,
    input,
    idempotencyKey: randomUUID(),
    config: squareConnector.config.parse({ environment: "sandbox", baseUrl: `${sim.url}/square`, locationId: square.state.locations[0]!.id }),
    secrets: { accessToken: square.state.accessToken },
    fetch: (url, init) => fetch(url, init),
    signal: AbortSignal.timeout(10_000),
  }) as Promise<{ variations: { id: string; name: string | null; sku: string | null }[] }>;
}

describe("Square catalogue variations", () => {
  it("names the SKU of the variations an inventory count is of, leaving unknown ids out", async () => {
    const mug = square.findVariation("MUG-BLUE");
    const result = await invoke("getCatalogVariations", { ids: [mug.id, "NO-SUCH-VARIATION"] });
    expect(result.variations).toEqual([{ id: mug.id, name: "Blue", sku: "MUG-BLUE" }]);
    expect(await invoke("getCatalogVariations", { ids: ["NO-SUCH-VARIATION"] })).toEqual({ variations: [] });
  });

  it("finds variations by exact SKU, though Square matches without regard to case", async () => {
    const result = await invoke("searchCatalogVariations", { skus: ["TEE-BLK-M", "beans-1kg", "NO-SUCH-SKU"] });
    expect(result.variations).toEqual([{ id: square.findVariation("TEE-BLK-M").id, name: "Black / M", sku: "TEE-BLK-M" }]);
  });

  it("lists every variation page by page when no SKU is given", async () => {
    const template = square.state.variations[0]!;
    for (let i = 0; i < 1200; i++) square.state.variations.push({ ...template, id: `VARBULK${i}`, sku: `BULK-${i}` });
    const result = await invoke("searchCatalogVariations", {});
    expect(result.variations).toHaveLength(square.state.variations.length);
    expect(result.variations.at(-1)).toEqual({ id: "VARBULK1199", name: template.name, sku: "BULK-1199" });
  });
});
