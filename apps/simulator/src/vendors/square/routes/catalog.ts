import { type Hono } from "hono";
import { z } from "zod";
import { parseSquareBody } from "../errors";
import { type TSquareVariation } from "../state";
import { type TSquareRouteDeps } from "./deps";

const ZBatchRetrieve = z.object({ object_ids: z.array(z.string().min(1)).min(1).max(1000), include_related_objects: z.boolean().optional() });

// The simulated catalogue holds variations only, and searches only the two attributes they carry.
const ZAttributeQuery = z.enum(["sku", "name"]);
const ZSearch = z.object({
  object_types: z.array(z.string().min(1)).optional(),
  query: z
    .object({
      exact_query: z.object({ attribute_name: ZAttributeQuery, attribute_value: z.string().min(1) }).optional(),
      set_query: z.object({ attribute_name: ZAttributeQuery, attribute_values: z.array(z.string().min(1)).min(1) }).optional(),
    })
    .optional(),
  cursor: z.string().optional(),
  limit: z.int().min(1).max(1000).optional(),
});

/** A variation as a CatalogObject of type ITEM_VARIATION. */
export function catalogObject(variation: TSquareVariation) {
  return {
    type: "ITEM_VARIATION",
    id: variation.id,
    version: variation.version,
    is_deleted: false,
    present_at_all_locations: true,
    item_variation_data: { name: variation.name, sku: variation.sku, pricing_type: "FIXED_PRICING", price_money: variation.price_money, track_inventory: true },
  };
}

// Square matches searchable attributes without regard to case.
function matchesQuery(variation: TSquareVariation, query: z.output<typeof ZSearch>["query"]): boolean {
  const exact = query?.exact_query;
  const set = query?.set_query;
  const same = (attribute: "sku" | "name", value: string) => variation[attribute].toLowerCase() === value.toLowerCase();
  return (!exact || same(exact.attribute_name, exact.attribute_value)) && (!set || set.attribute_values.some((value) => same(set.attribute_name, value)));
}

/** BatchRetrieveCatalogObjects and SearchCatalogObjects, over the seller's item variations. */
export function addCatalogRoutes(app: Hono, { state }: TSquareRouteDeps) {
  app.post("/v2/catalog/batch-retrieve", async (c) => {
    const parsed = await parseSquareBody(c, ZBatchRetrieve);
    if ("response" in parsed) return parsed.response;
    // Square leaves ids it does not know out of the answer rather than failing the batch.
    const objects = state().variations.filter((v) => parsed.body.object_ids.includes(v.id)).map(catalogObject);
    return c.json(objects.length > 0 ? { objects } : {});
  });

  app.post("/v2/catalog/search", async (c) => {
    const parsed = await parseSquareBody(c, ZSearch);
    if ("response" in parsed) return parsed.response;
    const { body } = parsed;
    const wanted = !body.object_types || body.object_types.includes("ITEM_VARIATION");
    const matching = wanted ? state().variations.filter((v) => matchesQuery(v, body.query)) : [];
    const start = body.cursor ? Number(Buffer.from(body.cursor, "base64url").toString()) : 0;
    const page = matching.slice(start, start + (body.limit ?? 100)).map(catalogObject);
    const next = start + page.length < matching.length ? { cursor: Buffer.from(String(start + page.length)).toString("base64url") } : {};
    return c.json({ ...(page.length > 0 ? { objects: page } : {}), ...next, latest_time: new Date().toISOString() });
  });
}
