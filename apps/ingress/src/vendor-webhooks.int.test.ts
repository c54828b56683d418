/**
 * Real vendors' webhooks, as the simulator sends them (signed the vendor's way),
 * through the ingress server: stored once with 202, a byte-for-byte redelivery
 * answered 200, a tampered copy refused 401, and nothing stored for it.
 */
import { createConnection, updateConnection } from "@storeflow/connections";
import { builtInConnectors } from "@storeflow/connectors";
import { useTestTenants } from "@storeflow/db/test";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { shopifySimulator, squareSimulator, startSimulator, type TShopifySimulator, type TSimulator, type TSquareSimulator } from "@storeflow/simulator";
import { randomBytes } from "node:crypto";
import { type Server } from "node:http";
import { type AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookServer } from "./webhook-server";

const state = useTestTenants();
const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
let db: pg.Pool;
let server: Server;
let base: string;
let sim: TSimulator;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 4 });
  // Behind a proxy the public URL differs from the listening one, as here.
  server = createWebhookServer({ db, catalog: builtInConnectors, ring, publicUrl: "https://hooks.example.test" });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim = await startSimulator({ vendors: [shopifySimulator, squareSimulator] });
});
afterAll(async () => {
  await sim?.close();
  await new Promise((resolve) => server?.close(resolve));
  await db?.end();
});

function owner() {
  return { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
}

async function connect(connectorKey: string, name: string, config: Record<string, unknown>, secrets: Record<string, string>) {
  return createConnection({ actor: owner(), catalog: builtInConnectors, ring, input: { clientId: state.tenants.clientA1.id, connectorKey, name, config, secrets } });
}

async function expectOnceOnly(connectionId: string, deliveries: { url: string; headers: Record<string, string>; body: string; status: number | "error" }[]) {
  const [delivery] = deliveries;
  expect(delivery?.status).toBe(202);
  const again = await sim.webhooks.redeliver(sim.webhooks.sent.find((d) => d.body === delivery!.body)!);
  expect(again.status).toBe(200);
  const tampered = await fetch(delivery!.url, { method: "POST", headers: { ...delivery!.headers, "content-type": "application/json" }, body: delivery!.body.replace(/\d/, (d) => String((Number(d) + 1) % 10)) });
  expect(tampered.status).toBe(401);
  expect(await state.t.adminDb.inboundWebhook.count({ where: { connectionId } })).toBe(1);
}

describe("vendor webhooks through the ingress", () => {
  it("Shopify: X-Shopify-Hmac-Sha256 over the raw body with the app's client secret", async () => {
    const shopify = sim.vendor<TShopifySimulator>("shopify");
    const connection = await connect("shopify", "Web store", { shopDomain: shopify.state.shop.domain, baseUrl: `${sim.url}/shopify` }, {
      accessToken: shopify.state.credentials.accessToken,
      clientSecret: shopify.state.credentials.clientSecret,
    });
    shopify.subscribe("inventory_levels/update", `${base}${connection.webhookPath}`);
    await expectOnceOnly(connection.id, await shopify.emitInventoryLevelUpdate({ sku: "TEE-BLK-M" }));
    const stored = await state.t.adminDb.inboundWebhook.findFirstOrThrow({ where: { connectionId: connection.id } });
    expect(stored.eventType).toBe("inventory.level.updated");
  });

  it("Square: x-square-hmacsha256-signature over the notification URL and body", async () => {
    const square = sim.vendor<TSquareSimulator>("square");
    const signatureKey = `sq-key-${randomBytes(8).toString("hex")}`;
    const connection = await connect("square", "POS", { environment: "sandbox", baseUrl: `${sim.url}/square` }, { accessToken: square.state.accessToken, webhookSignatureKey: signatureKey });
    const notificationUrl = `${base}${connection.webhookPath}`;
    // Square signs the URL it was given; behind a proxy the connection names it.
    await updateConnection({ actor: owner(), catalog: builtInConnectors, input: { id: connection.id, config: { environment: "sandbox", baseUrl: `${sim.url}/square`, webhookNotificationUrl: notificationUrl } } });
    square.subscribe({ notificationUrl, eventTypes: ["inventory.count.updated"], signatureKey });
    await expectOnceOnly(connection.id, await square.emitInventoryCountUpdated({ sku: "MUG-BLUE" }));
    const stored = await state.t.adminDb.inboundWebhook.findFirstOrThrow({ where: { connectionId: connection.id } });
    expect(stored.eventType).toBe("inventory.level.updated");
  });
});
