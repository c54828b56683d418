import { invalidParam } from "../core/errors";
import { listObject } from "../core/list";
import { hashParam, intParam, stringParam } from "../core/params";
import { type TStripeCore, type TStripeResource } from "../core/router";
import { type TStripeObject } from "../core/store";

export type TMeter = TStripeObject & {
  display_name: string;
  event_name: string;
  status: "active" | "inactive";
  default_aggregation: { formula: "sum" | "count" | "last" };
  customer_mapping: { event_payload_key: string; type: "by_id" };
  value_settings: { event_payload_key: string };
};

export type TMeterEvent = TStripeObject & { event_name: string; identifier: string; payload: Record<string, string>; timestamp: number };

/** The meter's aggregate of one customer's events with `start <= timestamp < end`. */
export function meterUsage(core: TStripeCore, account: string | null, meter: TMeter, customer: string, start: number, end: number): number {
  const events = core.objects
    .list<TMeterEvent>(account, "billing.meter_event", (e) => e.event_name === meter.event_name && e.payload[meter.customer_mapping.event_payload_key] === customer && e.timestamp >= start && e.timestamp < end)
    .reverse();
  const values = events.map((e) => Number(e.payload[meter.value_settings.event_payload_key] ?? 1));
  if (meter.default_aggregation.formula === "count") return values.length;
  if (meter.default_aggregation.formula === "last") return values.at(-1) ?? 0;
  return values.reduce((sum, v) => sum + v, 0);
}

/**
 * `/v1/billing/meters` (create, retrieve, list, event_summaries) and
 * `/v1/billing/meter_events`. An `identifier` is unique per account: a second
 * event with one already seen is acknowledged with the first event and not
 * counted again (Stripe enforces identifier uniqueness for at least 24 hours).
 */
export const metersResource: TStripeResource = (router, core) => {
  const { objects } = core;
  router.post("/billing/meters", (req) => {
    const eventName = stringParam(req.params, "event_name", { required: true });
    if (objects.list<TMeter>(req.account, "billing.meter", (m) => m.event_name === eventName && m.status === "active").length > 0) {
      throw invalidParam("event_name", `An active meter with event_name '${eventName}' already exists.`, "resource_already_exists");
    }
    const aggregation = hashParam(req.params, "default_aggregation");
    if (!aggregation) throw invalidParam("default_aggregation", "Missing required param: default_aggregation.", "parameter_missing");
    const mapping = hashParam(req.params, "customer_mapping");
    const valueSettings = hashParam(req.params, "value_settings");
    return objects.insert<TMeter>(req.account, "mtr", "billing.meter", {
      display_name: stringParam(req.params, "display_name", { required: true }),
      event_name: eventName,
      status: "active",
      default_aggregation: { formula: stringParam(aggregation, "formula", { required: true, enum: ["sum", "count", "last"] }) },
      customer_mapping: { event_payload_key: (mapping && stringParam(mapping, "event_payload_key")) ?? "stripe_customer_id", type: "by_id" },
      value_settings: { event_payload_key: (valueSettings && stringParam(valueSettings, "event_payload_key")) ?? "value" },
      event_time_window: stringParam(req.params, "event_time_window") ?? null,
      updated: core.clock.now(),
    });
  });
  router.get("/billing/meters/:id", (req) => objects.require(req.account, req.pathParams.id!, "billing.meter", { label: "billing meter" }));
  router.get("/billing/meters", (req) => {
    const status = stringParam(req.params, "status", { enum: ["active", "inactive"] });
    return listObject(objects.list<TMeter>(req.account, "billing.meter", (m) => !status || m.status === status), req.params, "/v1/billing/meters");
  });
  router.get("/billing/meters/:id/event_summaries", (req) => {
    const meter = objects.require<TMeter>(req.account, req.pathParams.id!, "billing.meter", { label: "billing meter" });
    const customer = stringParam(req.params, "customer", { required: true });
    const start = intParam(req.params, "start_time", { required: true })!;
    const end = intParam(req.params, "end_time", { required: true })!;
    const summary = { id: `mtrusg_${meter.id}_${start}`, object: "billing.meter_event_summary", aggregated_value: meterUsage(core, req.account, meter, customer, start, end), start_time: start, end_time: end, meter: meter.id, livemode: false };
    return { object: "list", data: [summary], has_more: false, url: `/v1/billing/meters/${meter.id}/event_summaries` };
  });

  router.post("/billing/meter_events", (req) => {
    const eventName = stringParam(req.params, "event_name", { required: true });
    const payload = hashParam(req.params, "payload");
    if (!payload) throw invalidParam("payload", "Missing required param: payload.", "parameter_missing");
    const meter = objects.list<TMeter>(req.account, "billing.meter", (m) => m.event_name === eventName && m.status === "active")[0];
    if (!meter) throw invalidParam("event_name", `No active meter was found for event_name '${eventName}'.`, "resource_missing");
    const customer = stringParam(payload, meter.customer_mapping.event_payload_key, { required: true });
    objects.require(req.account, customer, "customer", { param: `payload[${meter.customer_mapping.event_payload_key}]` });
    const value = stringParam(payload, meter.value_settings.event_payload_key);
    if (meter.default_aggregation.formula !== "count" && (value === undefined || !/^\d+(\.\d+)?$/.test(value))) {
      throw invalidParam(`payload[${meter.value_settings.event_payload_key}]`, "The meter event value must be a non-negative number.", "parameter_invalid_string");
    }
    const identifier = stringParam(req.params, "identifier");
    if (identifier) {
      const seen = objects.list<TMeterEvent>(req.account, "billing.meter_event", (e) => e.identifier === identifier)[0];
      if (seen) return seen;
    }
    const now = core.clock.now();
    const timestamp = intParam(req.params, "timestamp") ?? now;
    if (timestamp < now - 35 * 86_400 || timestamp > now + 300) throw invalidParam("timestamp", "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.", "parameter_invalid_integer");
    return objects.insert<TMeterEvent>(req.account, "mtrevt", "billing.meter_event", {
      event_name: eventName,
      identifier: identifier ?? `mev_${Math.random().toString(36).slice(2)}`,
      payload: Object.fromEntries(Object.entries(payload).filter((e): e is [string, string] => typeof e[1] === "string")),
      timestamp,
    });
  });
};
