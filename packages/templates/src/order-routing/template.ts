import { defineTemplate, reportedKpi } from "../template";
import { ORDER_ROUTING_KEY, ORDER_ROUTING_VERSION, orderRoutingDefinition } from "./definition";
import { ZOrderRoutingParams } from "./params";
import { ORDER_PICKED } from "./pick-steps";

const HOUR_MS = 3_600_000;

export const orderRoutingTemplate = defineTemplate({
  key: ORDER_ROUTING_KEY,
  version: ORDER_ROUTING_VERSION,
  title: "Order routing: pickup in store, ship from store, split fulfilment",
  example: {
    stores: [
      { location: "Midtown", latitude: 40.754, longitude: -73.984 },
      { location: "Downtown", latitude: 40.707, longitude: -74.011 },
    ],
  },
  summary: "Sends each new web order to the store that should fulfil it, reserves the stock there, tells the store in Slack and moves the order on if it is not picked in time.",
  description: [
    "When Shopify reports a new order, the run reads the order and, for every line with a SKU, the available quantity at each store's Shopify location, as they are at that moment.",
    "Pickup in store: an order whose shipping line code is a pickup store's (Shopify's local pickup writes the location's name there) goes to that store, which must hold every line; a pickup order is never split or moved. Ship from store: the order goes to the nearest ship-from-store location (by the shipping address's coordinates; in the order the stores are listed when the address has none) that holds every line. When none does and splitting is allowed, the order is split across as few stores as possible, nearest first; a line is never divided between stores. An order that cannot be fulfilled so opens an exception naming the short lines, with what was ordered and what is available, and reserves nothing.",
    "At each chosen store the order's units move in Shopify from available to reserved, so the web shop stops selling them there; the store gets a Slack message with the order number, the lines, whether to hold them for collection or ship them (and where to), and the time to pick by.",
    `Each store then has the pick SLA to report the order picked (event ${ORDER_PICKED}, keyed "<order GID>|<location GID>", from the store's POS or pick app). A shipped order not picked in time moves once to the next nearest store holding all its lines: reserved there, released at the first store, both stores told. A pickup order, an order with no other store to go to, or one the second store does not pick in time either opens an exception for the operator to chase the store; its stock stays reserved, as the goods may already be in a pick basket.`,
  ].join("\n\n"),
  category: "orders",
  params: ZOrderRoutingParams,
  bindings: {
    shop: {
      title: "Web shop",
      description: "Starts a run for each new order; reads the order and stock per location, and reserves the order's units at the chosen stores.",
      connectors: ["shopify"],
    },
    storeChat: {
      title: "Store channel",
      description: "The Slack channel stores receive pick instructions in; each message names the store and pings its mention.",
      connectors: ["slack"],
    },
  },
  triggers: () => [{ kind: "event", binding: "shop", event: "order.created" }],
  sla: {
    // A routing run takes seconds; a pick run lasts up to two pick SLAs (one after a reroute).
    runDurationMs: 6 * HOUR_MS,
    // Unfulfillable orders and late stores are exceptions by design.
    successRate: 0.95,
    windowMs: 7 * 24 * HOUR_MS,
    maxBacklogAgeMs: 5 * 60_000,
  },
  kpis: [
    { key: "splitCount", title: "Extra shipments from splitting", unit: "count", description: "Stores an order was sent to beyond the first: 0 for an order fulfilled by one store.", value: reportedKpi("splitCount") },
    {
      key: "timeToPickMs",
      title: "Time to pick",
      unit: "ms",
      description: "From the order being routed to the store reporting it picked (after a reroute, to the second store's pick).",
      // Per store that picked: a slow store stands out against its own usual pace.
      value: `(steps.*.output[$exists(kpis.timeToPickMs)])[-1].{ "value": kpis.timeToPickMs, "dimension": store }`,
      dimension: "store",
    },
    { key: "orderAgeMs", title: "Order age at pick", unit: "ms", description: "From the customer placing the order to its part being picked.", value: reportedKpi("orderAgeMs") },
    { key: "reroutes", title: "Reroutes", unit: "count", description: "Parts of orders moved to another store because the first did not pick them within the pick SLA.", value: reportedKpi("reroutes") },
  ],
  definition: orderRoutingDefinition,
});
