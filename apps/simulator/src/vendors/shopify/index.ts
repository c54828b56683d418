export { createShopifySimulator, shopifySimulator, type TShopifySimulator } from "./simulator";
export { DEFAULT_SHOPIFY_SEED, type TShopifyOrderSeed, type TShopifySeed } from "./seed";
export { fromGid as fromShopifyGid, toGid as toShopifyGid, type TShopifyLevel, type TShopifyOrder, type TShopifyRefund, type TShopifyState, type TShopifyVariant } from "./state";
export { signShopifyWebhook } from "./webhooks";
