import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS, hasFilters, parseRunFilters, searchOfFilters } from "./run-filters";

const now = new Date("2026-03-10T12:00:00Z");
const CLIENT = "0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

describe("parseRunFilters", () => {
  it("reads nothing from an empty URL", () => {
    expect(parseRunFilters({}, now)).toEqual({ filters: EMPTY_FILTERS, input: {}, errors: {} });
  });

  it("turns each filter into run.list's input", () => {
    const { filters, input, errors } = parseRunFilters({ client: CLIENT, status: ["failed", "running"], workflow: " supplier-invoice-match ", key: "PO-1001", created: "24h" }, now);
    expect(errors).toEqual({});
    expect(filters).toMatchObject({ client: CLIENT, status: ["running", "failed"], workflow: "supplier-invoice-match", key: "PO-1001", created: "24h" });
    expect(input).toEqual({
      clientId: CLIENT,
      status: ["running", "failed"],
      workflowKey: "supplier-invoice-match",
      correlationKey: "PO-1001",
      createdFrom: new Date("2026-03-09T12:00:00Z"),
    });
  });

  it("accepts statuses comma-separated, drops unknown ones and repeats", () => {
    expect(parseRunFilters({ status: "failed,nope,failed,resolved" }, now).input.status).toEqual(["failed", "resolved"]);
    expect(parseRunFilters({ status: "nope" }, now).input.status).toBeUndefined();
  });

  it("reads days as UTC with the last day included", () => {
    const { filters, input, errors } = parseRunFilters({ from: "2026-03-01", to: "2026-03-01" }, now);
    expect(errors).toEqual({});
    expect(filters.created).toBe("custom");
    expect(input.createdFrom).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(input.createdTo).toEqual(new Date("2026-03-02T00:00:00Z"));
  });

  it("says which value it could not use and leaves it out of the query", () => {
    const { input, errors } = parseRunFilters({ client: "harbor", from: "2026-02-30", to: "yesterday", workflow: "w".repeat(101) }, now);
    expect(errors).toEqual({ client: expect.stringMatching(/not valid/), from: "Enter a day as YYYY-MM-DD", to: "Enter a day as YYYY-MM-DD", workflow: "Use at most 100 characters" });
    expect(input).toEqual({});
  });

  it("refuses an end before the start beside the end, and queries neither", () => {
    const { input, errors } = parseRunFilters({ from: "2026-03-05", to: "2026-03-01" }, now);
    expect(errors).toEqual({ to: "Choose an end on or after the start" });
    expect(input.createdFrom).toBeUndefined();
    expect(input.createdTo).toBeUndefined();
  });

  it("ignores an unknown preset", () => {
    expect(parseRunFilters({ created: "1y" }, now)).toMatchObject({ filters: { created: "" }, input: {} });
  });
});

describe("searchOfFilters", () => {
  it("writes what parseRunFilters reads back", () => {
    const search = searchOfFilters({ ...EMPTY_FILTERS, client: CLIENT, status: ["failed", "resolved"], key: "SKU 12", created: "custom", from: "2026-03-01" });
    expect(search).toBe(`?client=${CLIENT}&status=failed&status=resolved&key=SKU+12&from=2026-03-01`);
    const params = Object.fromEntries([...new URLSearchParams(search)].reduce((map, [k, v]) => map.set(k, [...(map.get(k) ?? []), v]), new Map<string, string[]>()));
    expect(parseRunFilters(params, now).filters).toMatchObject({ client: CLIENT, status: ["failed", "resolved"], key: "SKU 12", created: "custom", from: "2026-03-01" });
  });

  it("is empty without filters", () => {
    expect(searchOfFilters(EMPTY_FILTERS)).toBe("");
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, created: "7d" })).toBe(true);
  });
});
