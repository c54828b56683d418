import { type TVendorFactory } from "../server";
import { businessCentralSimulator } from "./business-central";
import { chatCompletionsSimulator } from "./openai";
import { shipbobSimulator } from "./shipbob";
import { shopifySimulator } from "./shopify";
import { slackSimulator } from "./slack";
import { squareSimulator } from "./square";
import { teamsSimulator } from "./teams";
import { webhookReceiverSimulator } from "./webhook-receiver";

/** Every simulated vendor, as the standalone simulator serves them. */
export const allVendors: readonly TVendorFactory[] = [
  shopifySimulator,
  squareSimulator,
  businessCentralSimulator,
  shipbobSimulator,
  slackSimulator,
  teamsSimulator,
  webhookReceiverSimulator,
  chatCompletionsSimulator,
];

export * from "./business-central";
export * from "./openai";
export * from "./shipbob";
export * from "./shopify";
export * from "./slack";
export * from "./smtp";
export * from "./square";
export * from "./stripe";
export * from "./teams";
export * from "./webhook-receiver";
