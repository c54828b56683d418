export {
  defineAction,
  defineConnector,
  type TActionContext,
  type TAnyConnector,
  type TAuthKind,
  type TConnector,
  type TConnectorAction,
  type TConnectorCategory,
  type TDomainEvent,
  type TFetch,
  type THealth,
  type TIdempotency,
  type TInboundWebhook,
  type TPollingTrigger,
  type TRateLimitPolicy,
  type TWebhookTrigger,
} from "./sdk/connector";
export { httpError, parseRetryAfter, WebhookPayloadError, WebhookVerificationError } from "./sdk/errors";
export { invokeAction, type InvokeActionOptions } from "./sdk/invoke";
export { createConnectorCatalog, type TConnectorCatalog } from "./sdk/catalog";
export { builtInConnectors, createBuiltInConnectors, type CreateBuiltInConnectorsOptions } from "./built-in";
export { shopifyConnector } from "./connectors/shopify";
export { squareConnector } from "./connectors/square";
export { businessCentralConnector } from "./connectors/business-central";
export { shipbobConnector } from "./connectors/shipbob";
export { httpConnector } from "./connectors/http";
export { createEmailConnector, emailConnector, type TResolveHostAllowed } from "./connectors/email";
export { slackConnector } from "./connectors/slack";
export { teamsConnector } from "./connectors/teams";
export { outboundWebhookConnector } from "./connectors/outbound-webhook";
