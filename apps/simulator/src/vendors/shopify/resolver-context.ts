import { type TShopifyState } from "./state";

/** What every resolver of one GraphQL request gets. */
export interface TShopifyResolverContext {
  state: TShopifyState;
  /** From the request path, e.g. "2026-01": a few behaviours depend on it. */
  apiVersion: string;
  /** Starts delivering a webhook to the topic's subscribers without waiting for them. */
  emit(topic: string, body: object): void;
}
