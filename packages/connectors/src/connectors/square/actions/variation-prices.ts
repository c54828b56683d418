import { NonRetryableError } from "@storeflow/engine";
import { z } from "zod";
import { requestSquare, type TSquareCallContext } from "../http-client";
import { fitIdempotencyKey } from "../idempotency-key";
import { ZSquareMoney } from "../money";
import { defineSquareAction } from "./define";

// A CatalogObject as far as its price goes; the other fields are kept, since an upsert sends the object back whole.
const ZRawVariation = z.looseObject({
  type: z.string(),
  id: z.string(),
  version: z.int().optional(),
  is_deleted: z.boolean().optional(),
  updated_at: z.string().optional(),
  created_at: z.string().optional(),
  item_variation_data: z.looseObject({ sku: z.string().optional(), price_money: ZSquareMoney.optional() }).optional(),
});
type TRawVariation = z.output<typeof ZRawVariation>;

const ZVariationPrice = z.object({
  id: z.string(),
  sku: z.string().nullable(),
  /** Square's optimistic concurrency: setVariationPrices must send the version the variation has now. */
  version: z.int(),
  /** Null for a variation priced at the register (VARIABLE_PRICING). */
  priceMoney: ZSquareMoney.nullable(),
});
type TVariationPrice = z.output<typeof ZVariationPrice>;

const isVariation = (object: TRawVariation) => object.type === "ITEM_VARIATION" && !object.is_deleted;

function toPrice(object: TRawVariation): TVariationPrice {
  return { id: object.id, sku: object.item_variation_data?.sku ?? null, version: object.version ?? 0, priceMoney: object.item_variation_data?.price_money ?? null };
}

// 1,000 objects a page (Square's maximum); this bounds a misbehaving cursor at 10,000 variations.
const PAGE_SIZE = 1000;
const MAX_PAGES = 10;
// Square's limit for BatchUpsertCatalogObjects idempotency keys.
const MAX_KEY_LENGTH = 128;

async function searchBySku(context: TSquareCallContext, skus: string[]): Promise<TRawVariation[]> {
  const found: TRawVariation[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data: { objects?: TRawVariation[]; cursor?: string } = await requestSquare(context, {
      operation: "SearchCatalogObjects",
      method: "POST",
      path: "/v2/catalog/search",
      body: { object_types: ["ITEM_VARIATION"], query: { set_query: { attribute_name: "sku", attribute_values: skus } }, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      response: z.object({ objects: z.array(ZRawVariation).optional(), cursor: z.string().optional() }),
    });
    found.push(...(data.objects ?? []));
    cursor = data.cursor;
    if (!cursor) break;
  }
  // Square matches attribute values without regard to case: keep the exact SKUs asked for.
  return found.filter((object) => object.item_variation_data?.sku !== undefined && skus.includes(object.item_variation_data.sku));
}

async function retrieveById(context: TSquareCallContext, ids: string[]): Promise<TRawVariation[]> {
  const data = await requestSquare(context, {
    operation: "BatchRetrieveCatalogObjects",
    method: "POST",
    path: "/v2/catalog/batch-retrieve",
    body: { object_ids: ids, include_related_objects: false },
    response: z.object({ objects: z.array(ZRawVariation).optional() }),
  });
  return data.objects ?? [];
}

const ZIdentifiers = z.array(z.string().min(1)).min(1).max(1000);

export const getVariationPrices = defineSquareAction({
  title: "Read item variation prices by SKU or id",
  capability: "catalog.read",
  idempotency: "read",
  input: z
    .object({
      /** Every variation carrying one of these SKUs (Square lets several share one). */
      skus: ZIdentifiers.optional(),
      /** By id the answer reflects the latest write at once; search by SKU may trail it briefly. */
      ids: ZIdentifiers.optional(),
    })
    .refine((input) => (input.skus === undefined) !== (input.ids === undefined), "give either skus or ids"),
  /** Unknown SKUs and ids are left out. */
  output: z.object({ variations: z.array(ZVariationPrice) }),
  async run(context, input) {
    const objects = input.ids ? await retrieveById(context, input.ids) : await searchBySku(context, input.skus!);
    return { variations: objects.filter(isVariation).map(toPrice) };
  },
});

/** The object as read, with only the version and the fixed price changed; read-only timestamps left out. */
function withPrice(object: TRawVariation, change: { version: number; priceMoney: z.output<typeof ZSquareMoney> }) {
  const { updated_at: _updatedAt, created_at: _createdAt, ...rest } = object;
  return { ...rest, version: change.version, item_variation_data: { ...object.item_variation_data, pricing_type: "FIXED_PRICING", price_money: change.priceMoney } };
}

export const setVariationPrices = defineSquareAction({
  title: "Set item variation prices",
  capability: "catalog.prices.write",
  idempotency: "key",
  input: z.object({
    /** An empty list changes nothing, so a caller can pass "whatever is left to change". */
    variations: z
      .array(
        z.object({
          id: z.string().min(1),
          /** The version read with the price: a variation changed since then is refused (VERSION_MISMATCH), not overwritten. */
          version: z.int(),
          priceMoney: ZSquareMoney.refine((money) => money.amount >= 0, "a price cannot be negative"),
        }),
      )
      .max(1000),
  }),
  output: z.object({ variations: z.array(ZVariationPrice) }),
  async run(context, input) {
    if (input.variations.length === 0) return { variations: [] };
    // Square replaces a whole object on upsert, so each goes back as it is now with only its price changed.
    // The version and price come from the input, so a retry sends the same body under the same key.
    const current = await retrieveById(context, input.variations.map((v) => v.id));
    const objects = input.variations.map((change) => {
      const object = current.find((o) => o.id === change.id && isVariation(o));
      if (!object) throw new NonRetryableError(`Square has no item variation ${change.id}`);
      return withPrice(object, change);
    });
    const data = await requestSquare(context, {
      operation: "BatchUpsertCatalogObjects",
      method: "POST",
      path: "/v2/catalog/batch-upsert",
      // One batch: Square applies a batch all or nothing, so no variation is left half-done.
      body: { idempotency_key: fitIdempotencyKey(context.idempotencyKey, MAX_KEY_LENGTH), batches: [{ objects }] },
      response: z.object({ objects: z.array(ZRawVariation).optional() }),
    });
    return { variations: (data.objects ?? []).filter(isVariation).map(toPrice) };
  },
});
