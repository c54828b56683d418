export { createHttpMetrics, withRequestMetrics, type THttpMetrics } from "./http-metrics";
export { isAuthorizedScrape } from "./scrape-access";
export { createSlaBreachMetrics, type TSlaBreachMetrics } from "./sla-metrics";
export { createWebhookMetrics, type TWebhookMetrics } from "./webhook-metrics";
