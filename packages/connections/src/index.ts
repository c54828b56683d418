export {
  archiveConnection,
  createConnection,
  getConnection,
  listConnections,
  replaceConnectionSecrets,
  requestConnectionCheck,
  retryFailingWebhooks,
  updateConnection,
  ZConnectionIdInput,
  ZCreateConnectionInput,
  ZListConnectionsInput,
  ZReplaceConnectionSecretsInput,
  ZUpdateConnectionInput,
  type ConnectionOptions,
  type ConnectionSecretOptions,
} from "./connections";
export { ZConnectionDto, type TConnectionDto } from "./connection-dto";
export { rotateDataKeys, type RotateDataKeysOptions } from "./data-keys";
export { ConnectionUnavailableError, openConnection, type OpenConnectionOptions, type TOpenConnection } from "./open-connection";
export { acceptWebhook, WebhookRejectedError, type AcceptWebhookOptions, type TAcceptedWebhook, type TWebhookHandshake } from "./webhooks/accept-webhook";
export { INBOUND_WEBHOOKS_CHANNEL } from "./webhooks/webhook-channel";
export { publishInboundWebhooks, WebhookRelayError, type PublishInboundWebhooksOptions, type TTriggeringWebhook, type TWebhookRunStarter } from "./webhooks/publish-webhooks";
export { createConnectionActions, type CreateConnectionActionsOptions, type TBindingResolver } from "./connection-actions";
export { sweepConnectionHealth, type SweepConnectionHealthOptions, type TConnectionHealthResult } from "./connection-health";
export { answerWebhook, MAX_WEBHOOK_BODY_BYTES, PAYLOAD_TOO_LARGE, WEBHOOK_REJECTIONS, type AnswerWebhookOptions, type TWebhookAnswer, type TWebhookRejection } from "./webhooks/answer-webhook";
export { createWebhookConnectionCache, type CreateWebhookConnectionCacheOptions, type TWebhookConnectionCache } from "./webhooks/webhook-connection-cache";
