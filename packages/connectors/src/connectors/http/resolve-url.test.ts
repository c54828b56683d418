import { NonRetryableError } from "@storeflow/engine";
import { describe, expect, it } from "vitest";
import { resolveRequestUrl } from "./resolve-url";

const baseUrl = "https://api.example.com/v2/";

describe("resolveRequestUrl", () => {
  it("appends the path to the base path and encodes each param as one segment", () => {
    const url = resolveRequestUrl({ baseUrl, path: "/items/{sku}/stock", params: { sku: "A/B 1?#%" }, query: { location: "main", tag: ["a", "b"] } });
    expect(url.href).toBe("https://api.example.com/v2/items/A%2FB%201%3F%23%25/stock?location=main&tag=a&tag=b");
  });

  it.each([
    ["//evil.example/x", {}],
    ["/../admin", {}],
    ["/%2e%2e/admin", {}],
    ["/a/.%2E/b", {}],
    ["/a\\b", {}],
    ["/items?admin=1", {}],
    ["/items/{sku}", { sku: ".." }],
    ["/items/{sku}", { sku: "." }],
    ["/items/{sku}", {}],
    ["items", {}],
  ])("refuses %s", (path, params) => {
    expect(() => resolveRequestUrl({ baseUrl, path, params })).toThrow(NonRetryableError);
  });

  it("keeps the origin even for paths that look like URLs", () => {
    const url = resolveRequestUrl({ baseUrl: "https://api.example.com", path: "/http://evil.example/@x" });
    expect(url.origin).toBe("https://api.example.com");
    expect(url.pathname).toBe("/http://evil.example/@x");
  });
});
