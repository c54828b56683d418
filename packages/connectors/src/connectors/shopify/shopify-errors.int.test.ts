import { NonRetryableError, RateLimitedError, RetryableError } from "@storeflow/engine";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { shopifySimulator, startSimulator, toShopifyGid, type TShopifySimulator, type TSimulator } from "@storeflow/simulator";
import { type TFetch } from "../../sdk/connector";
import { invokeAction } from "../../sdk/invoke";
import { shopifyConnector } from "./connector";
import { requestShopify } from "./graphql-client";

let sim: TSimulator;
let shop: TShopifySimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [shopifySimulator] });
  shop = sim.vendor<TShopifySimulator>("shopify");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

interface TCallOptions {
  accessToken?: string;
  fetch?: TFetch;
  signal?: AbortSignal;
}

function contextOf(options: TCallOptions = {}) {
  return {
    config: shopifyConnector.config.parse({ shopDomain: shop.state.shop.domain, baseUrl: `${sim.url}/shopify` }),
    secrets: { accessToken: options.accessToken ?? shop.state.credentials.accessToken },
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    signal: options.signal ?? AbortSignal.timeout(10_000),
  } satisfies Parameters<typeof shopifyConnector.health>[0];
}

function invoke(operation: string, input: unknown, options: TCallOptions = {}) {
  return invokeAction(shopifyConnector, { operation, input, idempotencyKey: randomUUID(), ...contextOf(options) });
}

const lookup = () => invoke("getVariantsBySku", { sku: "TEE-BLK-M" });

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("Shopify error mapping", () => {
  it("turns an HTTP 429 with Retry-After into RateLimitedError with that wait", async () => {
    sim.faults.add({ vendor: "shopify", status: 429, retryAfterS: 7, bodyIncludes: "productVariants" });
    const error = await caught(lookup());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it("works out the wait of an HTTP 429 without Retry-After from its cost report", async () => {
    const cost = { requestedQueryCost: 110, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 10, restoreRate: 50 } };
    sim.faults.add({ vendor: "shopify", status: 429, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost } } });
    const error = await caught(lookup());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(2000);
  });

  it.each([500, 503])("turns HTTP %i into a RetryableError", async (status) => {
    sim.faults.add({ vendor: "shopify", status });
    const error = await caught(lookup());
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).not.toBeInstanceOf(RateLimitedError);
    expect(error.message).toContain(`answered ${status}`);
  });

  it.each([400, 422])("turns HTTP %i into a NonRetryableError with Shopify's message", async (status) => {
    sim.faults.add({ vendor: "shopify", status, body: { errors: "Unprocessable: the request was refused" } });
    const error = await caught(lookup());
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toContain("Unprocessable: the request was refused");
  });

  it("turns a wrong access token (401) into a NonRetryableError that does not repeat the token", async () => {
    const error = await caught(invoke("getVariantsBySku", { sku: "X" }, { accessToken: "shpat_wrong_token" }));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toContain("Invalid API key or access token");
    expect(error.message).not.toContain("shpat_wrong_token");
  });

  it("turns a THROTTLED answer (HTTP 200) into RateLimitedError, waiting as long as the bucket needs", async () => {
    // One point a second: the bucket stays empty for the length of the test.
    shop.setThrottle({ currentlyAvailable: 0, restoreRate: 1 });
    let reported: { requestedQueryCost: number; throttleStatus: { currentlyAvailable: number; restoreRate: number } } | undefined;
    const recording: TFetch = async (url, init) => {
      const response = await fetch(url, init);
      reported = ((await response.clone().json()) as { extensions: { cost: typeof reported } }).extensions.cost;
      return response;
    };
    const error = await caught(
      invoke("adjustInventoryQuantities", { changes: [{ inventoryItemId: toShopifyGid("InventoryItem", shop.findVariant("TOTE-NAT").inventoryItemId), locationId: toShopifyGid("Location", shop.state.locations[0]!.id), delta: -1 }] }, { fetch: recording }),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toContain("Throttled");
    const { requestedQueryCost, throttleStatus } = reported!;
    expect((error as RateLimitedError).retryAfterMs).toBe(Math.ceil(((requestedQueryCost - throttleStatus.currentlyAvailable) / throttleStatus.restoreRate) * 1000));
    expect(throttleStatus).toMatchObject({ currentlyAvailable: 0, restoreRate: 1 });
    expect((error as RateLimitedError).retryAfterMs).toBe(requestedQueryCost * 1000);
    expect(shop.level("TOTE-NAT").available).toBe(7);
  });

  it("treats a GraphQL error other than THROTTLED as non-retryable", async () => {
    const error = await caught(requestShopify(contextOf(), { operation: "shop", query: "{ shop { name nickname } }", data: z.unknown() }));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/^Shopify shop: Cannot query field "nickname"/);
  });

  it("passes the step's abort signal to fetch", async () => {
    sim.faults.add({ vendor: "shopify", status: 500, delayMs: 600 });
    const started = Date.now();
    const error = await caught(invoke("getVariantsBySku", { sku: "TEE-BLK-M" }, { signal: AbortSignal.timeout(100) }));
    expect(error.name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("reports health from a shop { name } query", async () => {
    expect(await shopifyConnector.health(contextOf())).toEqual({ ok: true, detail: "Connected to Storeflow Demo Shop" });
    const broken = await shopifyConnector.health(contextOf({ accessToken: "shpat_revoked" }));
    expect(broken.ok).toBe(false);
    expect(broken.detail).toContain("answered 401");
    expect(broken.detail).not.toContain("shpat_revoked");
  });

  it("refuses API versions without the @idempotent directive", () => {
    expect(shopifyConnector.config.safeParse({ shopDomain: "acme.myshopify.com", apiVersion: "2025-07" }).success).toBe(false);
    expect(shopifyConnector.config.parse({ shopDomain: "Acme.myshopify.com" })).toEqual({ shopDomain: "acme.myshopify.com", apiVersion: "2026-01" });
  });
});
