import { randomUUID } from "node:crypto";
import { type Hono } from "hono";
import { z } from "zod";
import { parseSquareBody, type TSquareError } from "../errors";
import { withIdempotency } from "../idempotency";
import { addQuantity, findCount, takeSquareId, type TSquareCount, type TSquareState } from "../state";
import { type TSquareRouteDeps } from "./deps";

const ZState = z.enum([
  "IN_STOCK", "SOLD", "RETURNED_BY_CUSTOMER", "RESERVED_FOR_SALE", "SOLD_ONLINE", "ORDERED_FROM_VENDOR", "RECEIVED_FROM_VENDOR",
  "IN_TRANSIT_TO", "NONE", "WASTE", "UNLINKED_RETURN", "COMPOSED", "DECOMPOSED", "IN_TRANSIT",
]);
const ZQuantity = z.string().regex(/^\d+(\.\d{1,5})?$/, "a non-negative decimal with up to 5 places");
const ZTarget = { catalog_object_id: z.string().min(1), location_id: z.string().min(1), quantity: ZQuantity, occurred_at: z.iso.datetime({ offset: true }), reference_id: z.string().optional() };
const ZChange = z.object({
  type: z.enum(["PHYSICAL_COUNT", "ADJUSTMENT"]),
  physical_count: z.object({ ...ZTarget, state: ZState }).optional(),
  adjustment: z.object({ ...ZTarget, from_state: ZState, to_state: ZState }).optional(),
});
const ZBatchCreate = z.object({ idempotency_key: z.string().min(1).max(128), changes: z.array(ZChange).min(1).max(100), ignore_unchanged_counts: z.boolean().optional() });
const ZBatchRetrieve = z.object({
  catalog_object_ids: z.array(z.string()).max(1000).optional(),
  location_ids: z.array(z.string()).optional(),
  states: z.array(ZState).optional(),
  updated_after: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().optional(),
  limit: z.int().min(1).max(1000).optional(),
});

type TChange = z.output<typeof ZChange>;

function invalid(detail: string, field: string): TSquareError {
  return { category: "INVALID_REQUEST_ERROR", code: "INVALID_VALUE", detail, field };
}

function checkChange(state: TSquareState, change: TChange, i: number): TSquareError | undefined {
  const key = change.type === "ADJUSTMENT" ? "adjustment" : "physical_count";
  const target = change[key];
  if (!target) return { category: "INVALID_REQUEST_ERROR", code: "MISSING_REQUIRED_PARAMETER", detail: "Missing required parameter.", field: `changes[${i}].${key}` };
  if (!state.variations.some((v) => v.id === target.catalog_object_id)) return invalid(`Item variation with catalog object ID \`${target.catalog_object_id}\` not found.`, `changes[${i}].${key}.catalog_object_id`);
  if (!state.locations.some((l) => l.id === target.location_id)) return invalid(`Location \`${target.location_id}\` not found.`, `changes[${i}].${key}.location_id`);
  if (Date.parse(target.occurred_at) > Date.now() + 60_000) return { category: "INVALID_REQUEST_ERROR", code: "INVALID_TIME", detail: "occurred_at cannot be in the future.", field: `changes[${i}].${key}.occurred_at` };
  return undefined;
}

/** Adds `delta` to one state's count, creating it at zero first. */
function move(state: TSquareState, target: { catalog_object_id: string; location_id: string }, countState: string, delta: string, sign: 1 | -1): TSquareCount {
  let count = findCount(state, { catalogObjectId: target.catalog_object_id, locationId: target.location_id, state: countState });
  if (!count) {
    count = { catalog_object_id: target.catalog_object_id, catalog_object_type: "ITEM_VARIATION", state: countState, location_id: target.location_id, quantity: "0", calculated_at: "" };
    state.counts.push(count);
  }
  count.quantity = addQuantity(count.quantity, delta, sign);
  count.calculated_at = new Date().toISOString();
  return count;
}

function applyChanges(state: TSquareState, body: z.output<typeof ZBatchCreate>): { counts: TSquareCount[]; changes: object[] } {
  const touched = new Set<TSquareCount>();
  const changes: object[] = [];
  const createdAt = new Date().toISOString();
  for (const change of body.changes) {
    if (change.type === "PHYSICAL_COUNT" && change.physical_count) {
      const pc = change.physical_count;
      const current = findCount(state, { catalogObjectId: pc.catalog_object_id, locationId: pc.location_id, state: pc.state })?.quantity ?? "0";
      if ((body.ignore_unchanged_counts ?? true) && Number(current) === Number(pc.quantity)) continue;
      touched.add(move(state, pc, pc.state, addQuantity(pc.quantity, current, -1), 1));
      changes.push({ type: "PHYSICAL_COUNT", physical_count: { ...pc, id: takeSquareId(state, "PC"), catalog_object_type: "ITEM_VARIATION", created_at: createdAt } });
    } else if (change.adjustment) {
      const adj = change.adjustment;
      if (adj.from_state !== "NONE") touched.add(move(state, adj, adj.from_state, adj.quantity, -1));
      if (adj.to_state !== "NONE") touched.add(move(state, adj, adj.to_state, adj.quantity, 1));
      changes.push({ type: "ADJUSTMENT", adjustment: { ...adj, id: takeSquareId(state, "ADJ"), catalog_object_type: "ITEM_VARIATION", created_at: createdAt } });
    }
  }
  return { counts: [...touched].map((c) => ({ ...c })), changes };
}

/** BatchRetrieveInventoryCounts and BatchChangeInventory. */
export function addInventoryRoutes(app: Hono, { state, emit }: TSquareRouteDeps) {
  app.post("/v2/inventory/counts/batch-retrieve", async (c) => {
    const parsed = await parseSquareBody(c, ZBatchRetrieve);
    if ("response" in parsed) return parsed.response;
    const { body } = parsed;
    const states = body.states ?? ["IN_STOCK"];
    const matching = state().counts.filter(
      (count) =>
        (!body.catalog_object_ids || body.catalog_object_ids.includes(count.catalog_object_id)) &&
        (!body.location_ids || body.location_ids.includes(count.location_id)) &&
        states.includes(count.state as z.output<typeof ZState>) &&
        (!body.updated_after || Date.parse(count.calculated_at) > Date.parse(body.updated_after)),
    );
    const start = body.cursor ? Number(Buffer.from(body.cursor, "base64url").toString()) : 0;
    const limit = body.limit ?? 100;
    const page = matching.slice(start, start + limit);
    const next = start + page.length < matching.length ? { cursor: Buffer.from(String(start + page.length)).toString("base64url") } : {};
    return c.json({ ...(page.length > 0 ? { counts: page } : {}), ...next });
  });

  app.post("/v2/inventory/changes/batch-create", async (c) => {
    const parsed = await parseSquareBody(c, ZBatchCreate);
    if ("response" in parsed) return parsed.response;
    const { body } = parsed;
    const current = state();
    return withIdempotency({
      c,
      state: current,
      scope: "inventory.batch-create",
      key: body.idempotency_key,
      body,
      run: () => {
        const errors = body.changes.flatMap((change, i) => checkChange(current, change, i) ?? []);
        if (errors.length > 0) return { status: 400, response: { errors } };
        const result = applyChanges(current, body);
        if (result.counts.length > 0) emit({ type: "inventory.count.updated", data: { type: "inventory_counts", id: randomUUID(), object: { inventory_counts: result.counts } } });
        return { status: 200, response: result };
      },
    });
  });
}
