export { startSimulator, type StartSimulatorOptions, type TSimulator, type TVendorFactory } from "./server";
export { FaultInjector, ZFaultRule, type TFaultRule } from "./faults";
export { WebhookSender, type TSentWebhook } from "./webhook-sender";
export { type TSimulatorContext, type TVendorSimulator } from "./vendor";
export * from "./vendors";
