import { invalidParam } from "../core/errors";
import { type TParams } from "../core/form";
import { listObject } from "../core/list";
import { arrayParam, boolParam, hashParam, intParam, mergeMetadata, stringParam } from "../core/params";
import { type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";

export interface TPriceTier {
  up_to: number | null;
  unit_amount: number | null;
  flat_amount: number | null;
}

export type TPrice = TStripeObject & {
  active: boolean;
  currency: string;
  product: string;
  unit_amount: number | null;
  billing_scheme: "per_unit" | "tiered";
  tiers_mode: "graduated" | "volume" | null;
  tiers?: TPriceTier[];
  lookup_key: string | null;
  nickname: string | null;
  metadata: Record<string, string>;
  recurring: { interval: string; interval_count: number; usage_type: "licensed" | "metered"; meter: string | null } | null;
  type: "one_time" | "recurring";
};

function readTiers(params: TParams): TPriceTier[] {
  const tiers = arrayParam(params, "tiers").map((raw, index) => {
    if (typeof raw !== "object" || Array.isArray(raw)) throw invalidParam(`tiers[${index}]`, "Invalid tier", "parameter_invalid_object");
    const upTo = raw.up_to;
    if (upTo === undefined) throw invalidParam(`tiers[${index}][up_to]`, "Missing required param: tiers[][up_to].", "parameter_missing");
    return {
      up_to: upTo === "inf" ? null : (intParam(raw, "up_to") ?? null),
      unit_amount: intParam(raw, "unit_amount") ?? null,
      flat_amount: intParam(raw, "flat_amount") ?? null,
    };
  });
  if (tiers.length === 0) throw invalidParam("tiers", "Tiered prices need tiers.", "parameter_missing");
  if (tiers.at(-1)!.up_to !== null) throw invalidParam("tiers", "The last tier must have up_to=inf.", "parameter_invalid_string");
  return tiers;
}

/** What a price charges for `quantity` units: per unit, or graduated/volume tiers. */
export function priceAmount(price: TPrice, quantity: number): number {
  if (price.billing_scheme === "per_unit") return (price.unit_amount ?? 0) * quantity;
  const tiers = price.tiers ?? [];
  if (price.tiers_mode === "volume") {
    const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to)!;
    return (tier.flat_amount ?? 0) + (tier.unit_amount ?? 0) * quantity;
  }
  let amount = 0;
  let floor = 0;
  for (const tier of tiers) {
    if (quantity <= floor) break;
    const inTier = Math.min(quantity, tier.up_to ?? Infinity) - floor;
    amount += (tier.flat_amount ?? 0) + (tier.unit_amount ?? 0) * inTier;
    floor = tier.up_to ?? Infinity;
  }
  return amount;
}

/**
 * `/v1/prices`: create (amounts immutable afterwards, as in Stripe; a lookup key
 * is unique per account and moves to a new price only with `transfer_lookup_key`),
 * retrieve, update (active, nickname, metadata, lookup_key), list by `lookup_keys[]`,
 * `product`, `active`.
 */
export const pricesResource: TStripeResource = (router, { objects }) => {
  router.post("/prices", (req) => {
    const currency = stringParam(req.params, "currency", { required: true }).toLowerCase();
    const product = stringParam(req.params, "product", { required: true });
    objects.require(req.account, product, "product", { param: "product" });
    const billingScheme = stringParam(req.params, "billing_scheme", { enum: ["per_unit", "tiered"] }) ?? "per_unit";
    const recurringParams = hashParam(req.params, "recurring");
    let recurring: TPrice["recurring"] = null;
    if (recurringParams) {
      const usageType = (stringParam(recurringParams, "usage_type", { enum: ["licensed", "metered"] }) ?? "licensed") as "licensed" | "metered";
      const meter = stringParam(recurringParams, "meter") ?? null;
      if (usageType === "metered" && !meter) throw invalidParam("recurring[meter]", "Metered prices must reference a billing meter.", "parameter_missing");
      if (meter) objects.require(req.account, meter, "billing.meter", { label: "billing meter", param: "recurring[meter]" });
      recurring = {
        interval: stringParam(recurringParams, "interval", { required: true, enum: ["day", "week", "month", "year"] }),
        interval_count: intParam(recurringParams, "interval_count") ?? 1,
        usage_type: usageType,
        meter,
      };
    }
    const lookupKey = stringParam(req.params, "lookup_key") ?? null;
    if (lookupKey) {
      const holder = objects.list<TPrice>(req.account, "price", (p) => p.lookup_key === lookupKey)[0];
      if (holder && !boolParam(req.params, "transfer_lookup_key")) {
        throw invalidParam("lookup_key", `A price (\`${holder.id}\`) already uses that lookup key.`, "lookup_key_already_exists");
      }
      if (holder) objects.update(req.account, holder.id, { lookup_key: null });
    }
    const price = objects.insert<TPrice>(req.account, "price", "price", {
      active: boolParam(req.params, "active") ?? true,
      currency,
      product,
      billing_scheme: billingScheme,
      unit_amount: billingScheme === "per_unit" ? (intParam(req.params, "unit_amount", { required: true }) ?? 0) : null,
      tiers_mode: billingScheme === "tiered" ? (stringParam(req.params, "tiers_mode", { required: true, enum: ["graduated", "volume"] }) as "graduated" | "volume") : null,
      ...(billingScheme === "tiered" ? { tiers: readTiers(req.params) } : {}),
      lookup_key: lookupKey,
      nickname: stringParam(req.params, "nickname") ?? null,
      metadata: mergeMetadata({}, req.params),
      recurring,
      type: recurring ? "recurring" : "one_time",
    });
    req.emit("price.created", price);
    return price;
  });
  router.get("/prices/:id", (req) => objects.require(req.account, req.pathParams.id!, "price"));
  router.post("/prices/:id", (req) => {
    const price = objects.require<TPrice>(req.account, req.pathParams.id!, "price");
    for (const field of ["unit_amount", "currency", "recurring", "tiers", "product"]) {
      if (req.params[field] !== undefined) throw invalidParam(field, `Received unknown parameter: ${field}. Prices cannot be changed once created; create a new price instead.`, "parameter_unknown");
    }
    const previous = { active: price.active, lookup_key: price.lookup_key, metadata: price.metadata };
    const updated = objects.update<TPrice>(req.account, price.id, {
      ...(boolParam(req.params, "active") !== undefined ? { active: boolParam(req.params, "active") } : {}),
      ...(stringParam(req.params, "nickname") !== undefined ? { nickname: stringParam(req.params, "nickname") } : {}),
      metadata: mergeMetadata(price.metadata, req.params),
    });
    req.emit("price.updated", updated, previous);
    return updated;
  });
  router.get("/prices", (req) => {
    const lookupKeys = arrayParam(req.params, "lookup_keys").filter((k): k is string => typeof k === "string");
    const product = stringParam(req.params, "product");
    const active = boolParam(req.params, "active");
    return listObject(
      objects.list<TPrice>(req.account, "price", (p) => (lookupKeys.length === 0 || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) && (!product || p.product === product) && (active === undefined || p.active === active)),
      req.params,
      "/v1/prices",
    );
  });
};
