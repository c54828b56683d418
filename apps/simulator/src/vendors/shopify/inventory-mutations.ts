import { type GraphQLResolveInfo } from "graphql";
import { runIdempotent } from "./idempotency";
import { type TShopifyResolverContext } from "./resolver-context";
import { findLevel, fromGid, onHand, readQuantity, takeId, toGid, type TShopifyLevel, type TShopifyState, type TShopifyStoredQuantity } from "./state";
import { inventoryItemView, locationView } from "./views";
import { inventoryLevelPayload } from "./webhook-payloads";

// Shopify's documented reasons for inventory changes.
const REASONS = new Set([
  "correction", "cycle_count_available", "damaged", "movement_created", "movement_updated", "movement_received", "movement_canceled",
  "other", "promotion", "quality_control", "received", "reservation_created", "reservation_deleted", "reservation_updated", "restock",
  "safety_stock", "shrinkage",
]);
const ADJUSTABLE_NAMES = new Set<string>(["available", "damaged", "incoming", "quality_control", "reserved", "safety_stock"]);
/** From this version every quantity must say `changeFromQuantity`, even if only `null`. */
const CHANGE_FROM_REQUIRED_FROM = "2026-04";

interface TUserError {
  field: (string | number)[] | null;
  message: string;
  code: string | null;
}

interface TChange {
  name: string;
  delta: number;
  quantityAfterChange: number;
  inventoryItemId: number;
  locationId: number;
  ledgerDocumentUri: string | null;
}

interface TInventoryCommon {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
}

interface TSetInput extends TInventoryCommon {
  ignoreCompareQuantity?: boolean | null;
  quantities: { inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity?: number | null; compareQuantity?: number | null }[];
}

interface TAdjustInput extends TInventoryCommon {
  changes: { inventoryItemId: string; locationId: string; delta: number; changeFromQuantity?: number | null; ledgerDocumentUri?: string | null }[];
}

interface TInventoryPayload {
  inventoryAdjustmentGroup: object | null;
  userErrors: TUserError[];
}

type TOutcome = { payload: TInventoryPayload; failed: boolean };

function failed(userErrors: TUserError[]): TOutcome {
  return { payload: { inventoryAdjustmentGroup: null, userErrors }, failed: true };
}

function refuse(code: string, message: string): TInventoryPayload {
  return { inventoryAdjustmentGroup: null, userErrors: [{ field: null, message, code }] };
}

function locateLevel(state: TShopifyState, target: { inventoryItemId: string; locationId: string }, field: (string | number)[]): TShopifyLevel | TUserError {
  const itemId = fromGid("InventoryItem", target.inventoryItemId);
  if (itemId === undefined || !inventoryItemView(state, itemId)) {
    return { field: [...field, "inventoryItemId"], message: "The specified inventory item could not be found.", code: "INVALID_INVENTORY_ITEM" };
  }
  const locationId = fromGid("Location", target.locationId);
  if (locationId === undefined || !state.locations.some((l) => l.id === locationId)) {
    return { field: [...field, "locationId"], message: "The specified location could not be found.", code: "INVALID_LOCATION" };
  }
  return findLevel(state, itemId, locationId) ?? { field: [...field, "locationId"], message: "The item is not stocked at the location.", code: "ITEM_NOT_STOCKED_AT_LOCATION" };
}

function staleCheck(current: number, expected: number | null | undefined, field: (string | number)[]): TUserError | undefined {
  if (expected === null || expected === undefined || expected === current) return undefined;
  return { field, message: `The changeFromQuantity (${expected}) does not match the persisted quantity (${current}).`, code: "CHANGE_FROM_QUANTITY_STALE" };
}

function adjustmentGroup(state: TShopifyState, input: TInventoryCommon, changes: TChange[]) {
  state.adjustmentGroupCount += 1;
  const views = changes.map((change) => ({
    name: change.name,
    delta: change.delta,
    quantityAfterChange: change.quantityAfterChange,
    ledgerDocumentUri: change.ledgerDocumentUri,
    itemId: toGid("InventoryItem", change.inventoryItemId),
    locationId: toGid("Location", change.locationId),
    item: () => inventoryItemView(state, change.inventoryItemId),
    location: () => locationView(state, change.locationId),
  }));
  return {
    id: toGid("InventoryAdjustmentGroup", takeId(state)),
    createdAt: new Date().toISOString(),
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    changes: (filter: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) =>
      views.filter(
        (v) =>
          (!filter.inventoryItemIds || filter.inventoryItemIds.includes(v.itemId)) &&
          (!filter.locationIds || filter.locationIds.includes(v.locationId)) &&
          (!filter.quantityNames || filter.quantityNames.includes(v.name)),
      ),
  };
}

function commonErrors(input: TInventoryCommon, names: ReadonlySet<string>): TUserError[] {
  const errors: TUserError[] = [];
  if (!names.has(input.name)) errors.push({ field: ["input", "name"], message: `The quantity name "${input.name}" is not valid here.`, code: "INVALID_NAME" });
  if (!REASONS.has(input.reason)) errors.push({ field: ["input", "reason"], message: `The reason "${input.reason}" is not a valid reason.`, code: "INVALID_REASON" });
  return errors;
}

/** Applies `delta` to `name` of `level`; on_hand follows every state but incoming. */
function applyDelta(level: TShopifyLevel, name: TShopifyStoredQuantity, delta: number, ledgerDocumentUri: string | null): TChange[] {
  level.quantities[name] += delta;
  level.updatedAt = new Date().toISOString();
  const base = { inventoryItemId: level.inventoryItemId, locationId: level.locationId, ledgerDocumentUri };
  const changes: TChange[] = [{ ...base, name, delta, quantityAfterChange: level.quantities[name] }];
  if (name !== "incoming") changes.push({ ...base, name: "on_hand", delta, quantityAfterChange: onHand(level) });
  return changes;
}

/**
 * The compare-and-swap check of a set: `changeFromQuantity` when given (null opts out);
 * before 2026-04 otherwise the deprecated `compareQuantity` unless `ignoreCompareQuantity`.
 */
function compareError(
  context: TShopifyResolverContext,
  { input, quantity, current, field }: { input: TSetInput; quantity: TSetInput["quantities"][number]; current: number; field: (string | number)[] },
): TUserError | undefined {
  if ("changeFromQuantity" in quantity) return staleCheck(current, quantity.changeFromQuantity, [...field, "changeFromQuantity"]);
  if (context.apiVersion >= CHANGE_FROM_REQUIRED_FROM) {
    return { field: [...field, "changeFromQuantity"], message: "changeFromQuantity must be given for each quantity, even as null.", code: null };
  }
  if (input.ignoreCompareQuantity) return undefined;
  if (quantity.compareQuantity == null) {
    return { field: [...field, "compareQuantity"], message: "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.", code: "COMPARE_QUANTITY_REQUIRED" };
  }
  if (quantity.compareQuantity !== current) return { field: [...field, "compareQuantity"], message: "The compareQuantity value does not match persisted value.", code: "COMPARE_QUANTITY_STALE" };
  return undefined;
}

function setQuantities(context: TShopifyResolverContext, input: TSetInput): TOutcome {
  const { state } = context;
  const errors = commonErrors(input, new Set(["available", "on_hand"]));
  const targets: { level: TShopifyLevel; quantity: number }[] = [];
  for (const [i, q] of input.quantities.entries()) {
    const field = ["input", "quantities", i];
    const level = locateLevel(state, q, field);
    if (!("quantities" in level)) {
      errors.push(level);
      continue;
    }
    const error = compareError(context, { input, quantity: q, current: readQuantity(level, input.name) ?? 0, field });
    if (error) errors.push(error);
    else targets.push({ level, quantity: q.quantity });
  }
  if (errors.length > 0) return failed(errors);
  // Setting on_hand moves the difference into available, as Shopify does.
  const changes = targets.flatMap(({ level, quantity }) => applyDelta(level, "available", quantity - (readQuantity(level, input.name) ?? 0), null));
  for (const { level } of targets) context.emit("inventory_levels/update", inventoryLevelPayload(level));
  return { payload: { inventoryAdjustmentGroup: adjustmentGroup(state, input, changes), userErrors: [] }, failed: false };
}

function adjustQuantities(context: TShopifyResolverContext, input: TAdjustInput): TOutcome {
  const { state } = context;
  const errors = commonErrors(input, ADJUSTABLE_NAMES);
  const targets: { level: TShopifyLevel; delta: number; ledgerDocumentUri: string | null }[] = [];
  for (const [i, change] of input.changes.entries()) {
    const field = ["input", "changes", i];
    const level = locateLevel(state, change, field);
    if (!("quantities" in level)) {
      errors.push(level);
    } else if (input.name !== "available" && !change.ledgerDocumentUri) {
      errors.push({ field: [...field, "ledgerDocumentUri"], message: "A ledger document URI is required for this quantity name.", code: null });
    } else {
      const stale = staleCheck(readQuantity(level, input.name) ?? 0, change.changeFromQuantity, [...field, "changeFromQuantity"]);
      if (stale) errors.push(stale);
      else targets.push({ level, delta: change.delta, ledgerDocumentUri: change.ledgerDocumentUri ?? null });
    }
  }
  if (errors.length > 0) return failed(errors);
  const changes = targets.flatMap(({ level, delta, ledgerDocumentUri }) => applyDelta(level, input.name as TShopifyStoredQuantity, delta, ledgerDocumentUri));
  for (const { level } of targets) context.emit("inventory_levels/update", inventoryLevelPayload(level));
  return { payload: { inventoryAdjustmentGroup: adjustmentGroup(state, input, changes), userErrors: [] }, failed: false };
}

export const inventoryMutationResolvers = {
  inventorySetQuantities: (args: { input: TSetInput }, context: TShopifyResolverContext, info: GraphQLResolveInfo) =>
    runIdempotent({ state: context.state, info, apiVersion: context.apiVersion, args, execute: () => setQuantities(context, args.input), refuse }),

  inventoryAdjustQuantities: (args: { input: TAdjustInput }, context: TShopifyResolverContext, info: GraphQLResolveInfo) =>
    runIdempotent({ state: context.state, info, apiVersion: context.apiVersion, args, execute: () => adjustQuantities(context, args.input), refuse }),
};
