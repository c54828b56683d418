import { type TWorkflowDefinitionInput } from "@storeflow/engine";
import { literal } from "../template";
import { type TOrderRoutingParams } from "./params";
import { pickSteps } from "./pick-steps";
import { routeSteps } from "./route-steps";

export const ORDER_ROUTING_KEY = "order-routing";
export const ORDER_ROUTING_VERSION = "1.0.0";

const START_HINT = "order routing starts from a Shopify order.created event; its pick runs are started by the routing run itself";

/**
 * One definition, two kinds of run: the routing of a new order (started by
 * Shopify's order.created), and one pick run per store the order went to
 * (`input.mode = "pick"`), emitted by the routing run, so every store's pick SLA
 * runs at once.
 */
export function orderRoutingDefinition(params: TOrderRoutingParams): TWorkflowDefinitionInput {
  return {
    key: ORDER_ROUTING_KEY,
    version: ORDER_ROUTING_VERSION,
    title: "Order routing",
    start: "start",
    steps: [
      {
        key: "start",
        kind: "branch",
        cases: [
          { when: `input.mode = "pick"`, next: "awaitPick" },
          { when: `input.trigger = "event"`, next: "readOrder" },
        ],
        otherwise: "unknownInput",
      },
      { key: "unknownInput", kind: "transform", expression: `$error(${literal(START_HINT)})`, onError: { action: "exception" } },
      ...routeSteps(params, ORDER_ROUTING_KEY),
      ...pickSteps(params),
    ],
  };
}
