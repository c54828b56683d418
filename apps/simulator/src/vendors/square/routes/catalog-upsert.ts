import { randomUUID } from "node:crypto";
import { type Hono } from "hono";
import { z } from "zod";
import { parseSquareBody, type TSquareError } from "../errors";
import { withIdempotency } from "../idempotency";
import { type TSquareState, type TSquareVariation } from "../state";
import { catalogObject } from "./catalog";
import { type TSquareRouteDeps } from "./deps";

const ZMoney = z.object({ amount: z.int().min(0), currency: z.string().length(3) });

// Square takes whole CatalogObjects; the simulated catalogue keeps only what a variation's price needs.
const ZObject = z.looseObject({
  type: z.string().min(1),
  id: z.string().min(1),
  version: z.int().optional(),
  is_deleted: z.boolean().optional(),
  item_variation_data: z.looseObject({ name: z.string().optional(), sku: z.string().optional(), pricing_type: z.string().optional(), price_money: ZMoney.optional() }).optional(),
});

const ZBatchUpsert = z.object({
  idempotency_key: z.string().min(1).max(128),
  batches: z.array(z.object({ objects: z.array(ZObject).min(1).max(10_000) })).min(1),
});

type TObject = z.output<typeof ZObject>;

function invalid(code: string, detail: string, field: string): TSquareError {
  return { category: "INVALID_REQUEST_ERROR", code, detail, field };
}

function checkObject(state: TSquareState, object: TObject, field: string): TSquareError | undefined {
  if (object.type !== "ITEM_VARIATION") return invalid("INVALID_VALUE", `The simulated catalogue upserts ITEM_VARIATION objects only, not ${object.type}.`, `${field}.type`);
  if (object.is_deleted) return invalid("INVALID_VALUE", "is_deleted cannot be set to true on upsert.", `${field}.is_deleted`);
  const variation = state.variations.find((v) => v.id === object.id);
  // An id starting with "#" creates an object in Square; the simulated catalogue only updates the seeded ones.
  if (!variation) return invalid("INVALID_VALUE", `Invalid Object with Id: ${object.id}. Received request to update nonexistent object ${object.id}.`, `${field}.id`);
  if (object.version !== variation.version) return invalid("VERSION_MISMATCH", "Object version does not match latest database version.", `${field}.version`);
  const price = object.item_variation_data?.price_money;
  const currency = state.locations[0]?.currency;
  if (price && price.currency !== currency) return invalid("CURRENCY_MISMATCH", `The price currency ${price.currency} does not match the seller's currency ${currency}.`, `${field}.item_variation_data.price_money.currency`);
  return undefined;
}

/** Writes what the object carries; a new price_money object, since orders hold the old one as their base price. */
function applyObject(variation: TSquareVariation, object: TObject): void {
  const data = object.item_variation_data;
  if (data?.name !== undefined) variation.name = data.name;
  if (data?.sku !== undefined) variation.sku = data.sku;
  if (data?.price_money) variation.price_money = { ...data.price_money };
  variation.version += 1;
}

/**
 * BatchUpsertCatalogObjects over the seller's item variations, with Square's optimistic
 * concurrency: every object must name its current version (VERSION_MISMATCH otherwise).
 * Square applies each batch all or nothing; here one refused object refuses the request.
 */
export function addCatalogUpsertRoutes(app: Hono, { state, emit }: TSquareRouteDeps) {
  app.post("/v2/catalog/batch-upsert", async (c) => {
    const parsed = await parseSquareBody(c, ZBatchUpsert);
    if ("response" in parsed) return parsed.response;
    const { body } = parsed;
    const current = state();
    return withIdempotency({
      c,
      state: current,
      scope: "catalog.batch-upsert",
      key: body.idempotency_key,
      body,
      run: () => {
        const errors = body.batches.flatMap((batch, b) => batch.objects.flatMap((object, o) => checkObject(current, object, `batches[${b}].objects[${o}]`) ?? []));
        if (errors.length > 0) return { status: 400, response: { errors } };
        const updatedAt = new Date().toISOString();
        const updated = body.batches.flatMap((batch) =>
          batch.objects.map((object) => {
            const variation = current.variations.find((v) => v.id === object.id)!;
            applyObject(variation, object);
            return catalogObject(variation);
          }),
        );
        emit({ type: "catalog.version.updated", data: { type: "catalog_version", id: randomUUID(), object: { catalog_version: { updated_at: updatedAt } } } });
        return { status: 200, response: { objects: updated.map((object) => ({ ...object, updated_at: updatedAt })), updated_at: updatedAt, id_mappings: [] } };
      },
    });
  });
}
