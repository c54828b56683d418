import { NonRetryableError } from "@storeflow/engine";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shopifySimulator, startSimulator, toShopifyGid, type TShopifySimulator, type TSimulator } from "@storeflow/simulator";
import { invokeAction } from "../../sdk/invoke";
import { shopifyConnector } from "./connector";

let sim: TSimulator;
let shop: TShopifySimulator;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [shopifySimulator] });
  shop = sim.vendor<TShopifySimulator>("shopify");
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

interface TVariantPrices {
  variants: { id: string; sku: string | null; productId: string; price: string; compareAtPrice: string | null }[];
}

function invoke(operation: string, input: unknown) {
  return invokeAction(shopifyConnector, {
    operation,
    input,
    idempotencyKey: randomUUID(),
    config: shopifyConnector.config.parse({ shopDomain: shop.state.shop.domain, baseUrl: `${sim.url}/shopify` }),
    secrets: { accessToken: shop.state.credentials.accessToken },
    fetch: (url, init) => fetch(url, init),
    signal: AbortSignal.timeout(10_000),
  }) as Promise<TVariantPrices>;
}

const variantOf = (sku: string) => toShopifyGid("ProductVariant", shop.findVariant(sku).id);
const productOf = (sku: string) => toShopifyGid("Product", shop.state.products.find((p) => p.variants.some((v) => v.sku === sku))!.id);

describe("Shopify variant prices", () => {
  it("reads the prices of several SKUs in one search, exact SKUs only", async () => {
    const result = await invoke("getVariantPrices", { skus: ["TEE-BLK-M", "TOTE-NAT", "TEE-BLK"] });
    expect(result.variants).toEqual([
      { id: variantOf("TEE-BLK-M"), sku: "TEE-BLK-M", productId: productOf("TEE-BLK-M"), price: "25.00", compareAtPrice: null },
      { id: variantOf("TOTE-NAT"), sku: "TOTE-NAT", productId: productOf("TOTE-NAT"), price: "18.50", compareAtPrice: null },
    ]);
  });

  it("sets prices and compare-at prices product by product with productVariantsBulkUpdate", async () => {
    const result = await invoke("setVariantPrices", {
      variants: [
        { productId: productOf("TEE-BLK-M"), id: variantOf("TEE-BLK-M"), price: "19.99", compareAtPrice: "25.00" },
        { productId: productOf("TOTE-NAT"), id: variantOf("TOTE-NAT"), price: "15" },
      ],
    });
    expect(result.variants).toEqual([
      expect.objectContaining({ sku: "TEE-BLK-M", price: "19.99", compareAtPrice: "25.00" }),
      expect.objectContaining({ sku: "TOTE-NAT", price: "15.00", compareAtPrice: null }),
    ]);
    expect(shop.findVariant("TEE-BLK-M")).toMatchObject({ price: "19.99", compareAtPrice: "25.00" });
    expect(shop.findVariant("TEE-BLK-L")).toMatchObject({ price: "25.00" });

    // Left out, the compare-at price stays; null takes the variant off sale.
    await invoke("setVariantPrices", { variants: [{ productId: productOf("TEE-BLK-M"), id: variantOf("TEE-BLK-M"), price: "21.00" }] });
    expect(shop.findVariant("TEE-BLK-M")).toMatchObject({ price: "21.00", compareAtPrice: "25.00" });
    await invoke("setVariantPrices", { variants: [{ productId: productOf("TEE-BLK-M"), id: variantOf("TEE-BLK-M"), price: "25.00", compareAtPrice: null }] });
    expect(shop.findVariant("TEE-BLK-M")).toMatchObject({ price: "25.00", compareAtPrice: null });
  });

  it("refuses a variant named under another product as non-retryable, changing none of the product's variants", async () => {
    const failure = invoke("setVariantPrices", {
      variants: [
        { productId: productOf("TEE-BLK-M"), id: variantOf("TEE-BLK-L"), price: "20.00" },
        { productId: productOf("TEE-BLK-M"), id: variantOf("TOTE-NAT"), price: "10.00" },
      ],
    });
    await expect(failure).rejects.toThrow(NonRetryableError);
    await expect(failure).rejects.toThrow(/variants\.1\.id: Input must be for this product \(MUST_BE_FOR_THIS_PRODUCT\)/);
    expect(shop.findVariant("TEE-BLK-L").price).toBe("25.00");
    expect(await invoke("setVariantPrices", { variants: [] })).toEqual({ variants: [] });
  });
});
