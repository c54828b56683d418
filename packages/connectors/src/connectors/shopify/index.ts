export { shopifyConnector } from "./connector";
export { SHOPIFY_MIN_API_VERSION, ZShopifyConfig, ZShopifySecrets, type TShopifyConfig, type TShopifySecrets } from "./config";
