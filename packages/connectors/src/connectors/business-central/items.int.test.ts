import { NonRetryableError } from "@storeflow/engine";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TFetch } from "../../sdk/connector";
import { startBusinessCentral, type TBcHarness } from "./test-support";

let h: TBcHarness;

beforeAll(async () => {
  h = await startBusinessCentral();
});
afterAll(() => h.sim.close());
beforeEach(() => h.sim.reset());

function seedItems(count: number) {
  const template = h.bc.state.items[0]!;
  for (let i = 0; i < count; i++) {
    h.bc.state.items.push({ ...template, id: crypto.randomUUID(), number: `7000-${String(i).padStart(2, "0")}`, displayName: `Extra ${i}`, inventoryByLocation: { MAIN: i } });
  }
}

describe("Business Central items", () => {
  it("lists items across server pages by following @odata.nextLink", async () => {
    seedItems(5);
    h.bc.state.serverPageSize = 2;
    const output = (await h.invoke("listItems", { numberStartsWith: "7000-" })) as { items: { number: string; inventory: number }[]; truncated: boolean };
    expect(output.items.map((item) => item.number)).toEqual(["7000-00", "7000-01", "7000-02", "7000-03", "7000-04"]);
    expect(output.items.map((item) => item.inventory)).toEqual([0, 1, 2, 3, 4]);
    expect(output.truncated).toBe(false);
  });

  it("stops at the limit and says the list was cut short", async () => {
    seedItems(5);
    h.bc.state.serverPageSize = 2;
    const output = (await h.invoke("listItems", { numberStartsWith: "7000-", limit: 3 })) as { items: unknown[]; truncated: boolean };
    expect(output.items).toHaveLength(3);
    expect(output.truncated).toBe(true);
  });

  it("filters on lastModifiedDateTime", async () => {
    const [first, second] = h.bc.state.items;
    first!.lastModifiedDateTime = "2026-03-01T10:00:00.000Z";
    second!.lastModifiedDateTime = "2026-03-02T10:00:00.000Z";
    const output = (await h.invoke("listItems", { modifiedSince: "2026-03-01T12:00:00Z" })) as { items: { number: string }[] };
    expect(output.items.map((item) => item.number)).toEqual([second!.number]);
  });

  it("gets an item by number and its inventory summed over locations", async () => {
    // Item numbers are Code fields: Business Central stores and matches them upper-cased.
    const item = (await h.invoke("getItem", { number: "1896-s" })) as { displayName: string; unitCost: number };
    expect(item).toMatchObject({ displayName: "ATHENS Desk", unitCost: 780.7 });
    const inventory = await h.invoke("getItemInventory", { number: "1896-S" });
    expect(inventory).toEqual({ number: "1896-S", displayName: "ATHENS Desk", inventory: 6, unitOfMeasureCode: "PCS" });
  });

  it("quotes item numbers as OData literals", async () => {
    h.bc.state.items[0]!.number = "O'BRIEN-1";
    expect(await h.invoke("getItem", { number: "O'BRIEN-1" })).toMatchObject({ number: "O'BRIEN-1" });
  });

  it("says plainly when no item has the number", async () => {
    await expect(h.invoke("getItem", { number: "NOPE" })).rejects.toThrow(new NonRetryableError('Business Central has no item with number "NOPE"'));
  });

  it("passes the step's signal to every request and uses only the connection's fetch", async () => {
    const context = h.context();
    const seen: (AbortSignal | null | undefined)[] = [];
    const recording: TFetch = (url, init) => {
      seen.push(init?.signal);
      return fetch(url, init);
    };
    const withFetch = { ...context, fetch: recording };
    await h.invoke("getItem", { number: "1896-S" }, withFetch);
    await h.invoke("listItems", {}, withFetch);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((signal) => signal === context.signal)).toBe(true);
  });
});
