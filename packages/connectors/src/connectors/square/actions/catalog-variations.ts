import { z } from "zod";
import { requestSquare } from "../http-client";
import { defineSquareAction } from "./define";

// A CatalogObject only as far as naming a variation goes; objects of other types are skipped.
const ZRawCatalogObject = z.object({
  type: z.string(),
  id: z.string(),
  is_deleted: z.boolean().optional(),
  item_variation_data: z.object({ name: z.string().optional(), sku: z.string().optional() }).optional(),
});

const ZCatalogVariation = z.object({ id: z.string(), name: z.string().nullable(), sku: z.string().nullable() });
type TCatalogVariation = z.output<typeof ZCatalogVariation>;

function toVariations(objects: z.output<typeof ZRawCatalogObject>[] | undefined): TCatalogVariation[] {
  return (objects ?? [])
    .filter((object) => object.type === "ITEM_VARIATION" && !object.is_deleted)
    .map((object) => ({ id: object.id, name: object.item_variation_data?.name ?? null, sku: object.item_variation_data?.sku ?? null }));
}

/** What inventory webhooks and counts name (a variation id) turned into the SKU other systems know. */
export const getCatalogVariations = defineSquareAction({
  title: "Retrieve item variations by id",
  capability: "catalog.read",
  idempotency: "read",
  input: z.object({ ids: z.array(z.string().min(1)).min(1).max(1000) }),
  /** Unknown and deleted ids are left out. */
  output: z.object({ variations: z.array(ZCatalogVariation) }),
  async run(context, input) {
    const data = await requestSquare(context, {
      operation: "BatchRetrieveCatalogObjects",
      method: "POST",
      path: "/v2/catalog/batch-retrieve",
      body: { object_ids: input.ids, include_related_objects: false },
      response: z.object({ objects: z.array(ZRawCatalogObject).optional() }),
    });
    return { variations: toVariations(data.objects) };
  },
});

// 1,000 objects a page (Square's maximum); this bounds a misbehaving cursor at 50,000 variations.
const PAGE_SIZE = 1000;
const MAX_PAGES = 50;

export const searchCatalogVariations = defineSquareAction({
  title: "Search item variations by SKU",
  capability: "catalog.read",
  idempotency: "read",
  input: z.object({
    /** Only variations with one of these SKUs; every variation when absent. */
    skus: z.array(z.string().min(1)).min(1).max(1000).optional(),
  }),
  output: z.object({ variations: z.array(ZCatalogVariation) }),
  async run(context, input) {
    const variations: TCatalogVariation[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data: { objects?: z.output<typeof ZRawCatalogObject>[]; cursor?: string } = await requestSquare(context, {
        operation: "SearchCatalogObjects",
        method: "POST",
        path: "/v2/catalog/search",
        body: {
          object_types: ["ITEM_VARIATION"],
          ...(input.skus ? { query: { set_query: { attribute_name: "sku", attribute_values: input.skus } } } : {}),
          limit: PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        },
        response: z.object({ objects: z.array(ZRawCatalogObject).optional(), cursor: z.string().optional() }),
      });
      variations.push(...toVariations(data.objects));
      cursor = data.cursor;
      if (!cursor) break;
    }
    // Square matches attribute values without regard to case: keep the exact SKUs asked for.
    return { variations: input.skus ? variations.filter((v) => v.sku !== null && input.skus!.includes(v.sku)) : variations };
  },
});
