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
