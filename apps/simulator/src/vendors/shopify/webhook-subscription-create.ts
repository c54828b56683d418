import { type TShopifyResolverContext } from "./resolver-context";
import { takeId, toGid } from "./state";

/** GraphQL topic enum → the REST form deliveries carry in X-Shopify-Topic. */
const SHOPIFY_TOPICS: Record<string, string> = {
  INVENTORY_LEVELS_UPDATE: "inventory_levels/update",
  ORDERS_CREATE: "orders/create",
  REFUNDS_CREATE: "refunds/create",
  RETURNS_REQUEST: "returns/request",
};

interface TSubscriptionArgs {
  topic: string;
  webhookSubscription: { uri?: string | null; callbackUrl?: string | null };
}

export const webhookSubscriptionResolvers = {
  webhookSubscriptionCreate: ({ topic, webhookSubscription }: TSubscriptionArgs, { state, apiVersion }: TShopifyResolverContext) => {
    // `callbackUrl` is the older name of `uri`; both are still accepted.
    const uri = webhookSubscription.uri ?? webhookSubscription.callbackUrl;
    const restTopic = SHOPIFY_TOPICS[topic] ?? topic.toLowerCase();
    if (!uri) return { webhookSubscription: null, userErrors: [{ field: ["webhookSubscription", "callbackUrl"], message: "Address can't be blank" }] };
    if (state.webhookSubscriptions.some((s) => s.topic === restTopic && s.uri === uri)) {
      return { webhookSubscription: null, userErrors: [{ field: ["webhookSubscription", "callbackUrl"], message: "Address for this topic has already been taken" }] };
    }
    const subscription = { id: takeId(state), topic: restTopic, uri, apiVersion };
    state.webhookSubscriptions.push(subscription);
    return { webhookSubscription: { id: toGid("WebhookSubscription", subscription.id), topic, uri }, userErrors: [] };
  },
};
