import { shopifyConnector } from "@storeflow/connectors";
import { buildShopifyDelivery } from "./deliveries";
import { type TBenchConnection } from "./seed-connection";

async function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const response = await fetch(url, { method: "POST", headers, body });
  await response.arrayBuffer();
  return response.status;
}

function expectStatus(what: string, got: number, want: number) {
  if (got !== want) throw new Error(`preflight: ${what} answered ${got}, expected ${want}`);
}

/**
 * Proves the measured path is the whole one before measuring it: the generator's
 * deliveries pass the connector's own check, a forged signature is refused (so
 * verification runs), an unknown URL finds nothing, and a redelivery is answered as
 * one (so dedup runs). Returns the delivery ids it had stored.
 */
export async function preflightIngest(portalUrl: string, connection: TBenchConnection, idPrefix: string): Promise<string[]> {
  const delivery = buildShopifyDelivery({ secret: connection.clientSecret, shopDomain: connection.shopDomain, idPrefix, index: 0 });
  const request = { headers: delivery.headers, rawBody: delivery.body, url: `${portalUrl}${connection.webhookPath}`, receivedAt: new Date() };
  const trigger = shopifyConnector.webhook!;
  trigger.verify(request, { config: { shopDomain: connection.shopDomain, apiVersion: "2026-01" }, secrets: { accessToken: "unused", clientSecret: connection.clientSecret } });
  if (trigger.normalise(request, { config: { shopDomain: connection.shopDomain, apiVersion: "2026-01" } }).deliveryId !== delivery.id) {
    throw new Error("preflight: the connector reads another delivery id than the generator sends");
  }
  const url = `${portalUrl}${connection.webhookPath}`;
  expectStatus("a forged signature", await post(url, delivery.headers, delivery.body.replace(/"available":\d+/, '"available":9999')), 401);
  expectStatus("an unknown webhook URL", await post(`${portalUrl}/api/hooks/${"x".repeat(32)}`, delivery.headers, delivery.body), 404);
  expectStatus("a new delivery", await post(url, delivery.headers, delivery.body), 202);
  expectStatus("its redelivery", await post(url, delivery.headers, delivery.body), 200);
  return [delivery.id];
}
