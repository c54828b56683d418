export {
  webhookReceiverSimulator,
  ZReceiverEndpointOptions,
  type TReceivedDelivery,
  type TReceiverEndpointOptions,
  type TWebhookReceiverSimulator,
  type TWebhookReceiverState,
} from "./webhook-receiver-simulator";
