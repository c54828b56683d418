import { createConnection } from "@storeflow/connections";
import { createConnectorCatalog } from "@storeflow/connectors";
import { signBody, signedTestConnector } from "@storeflow/connectors/test";
import { useTestTenants } from "@storeflow/db/test";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { randomBytes } from "node:crypto";
import { type Server } from "node:http";
import { type AddressInfo } from "node:net";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookServer } from "./webhook-server";

const state = useTestTenants();
const catalog = createConnectorCatalog([signedTestConnector]);
const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
const webhookSecret = `whsec-${randomBytes(8).toString("hex")}`;
let db: pg.Pool;
let server: Server;
let base: string;
let hookUrl: string;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 4 });
  server = createWebhookServer({ db, catalog, ring, publicUrl: "https://hooks.example.test", registry: new Registry() });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const actor = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
  const connection = await createConnection({ actor, catalog, ring, input: { clientId: state.tenants.clientA1.id, connectorKey: "signed-test", name: "Ingress store", config: { storeName: "Ingress" }, secrets: { apiKey: "api-key-0001", webhookSecret } } });
  hookUrl = `${base}${connection.webhookPath}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.end();
});

/** One series' value from GET /metrics, 0 while it is not exported. */
async function metric(series: string): Promise<number> {
  const line = (await (await fetch(`${base}/metrics`)).text()).split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

function post(url: string, body: string, secret = webhookSecret) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-test-signature": signBody(body, secret) }, body });
}

describe("ingress server", () => {
  it("stores a signed webhook with 202, answers its redelivery 200, and stores it once", async () => {
    const body = JSON.stringify({ id: "ing-1", order: "order-ing-1" });
    const first = await post(hookUrl, body);
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    const again = await post(hookUrl, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id, duplicate: true });
    expect(await state.t.adminDb.inboundWebhook.count({ where: { deliveryId: "ing-1" } })).toBe(1);
  });

  it("refuses what it cannot trust or read, storing nothing", async () => {
    const before = await state.t.adminDb.inboundWebhook.count();
    const reasons = ["bad_signature", "unknown_url", "too_large", "bad_payload"];
    const rejectsBefore = await Promise.all(reasons.map((reason) => metric(`storeflow_webhook_rejects_total{reason="${reason}"}`)));
    const refusedBefore = await metric('storeflow_http_request_duration_seconds_count{route="hooks",method="POST",status="401"}');
    expect((await post(hookUrl, JSON.stringify({ id: "ing-2", order: "o" }), "whsec-wrong")).status).toBe(401);
    expect((await post(`${base}/api/hooks/${randomBytes(24).toString("base64url")}`, JSON.stringify({ id: "ing-3", order: "o" }))).status).toBe(404);
    expect((await post(hookUrl, "x".repeat(1_000_001))).status).toBe(413);
    expect((await fetch(hookUrl)).status).toBe(405);
    expect((await fetch(`${base}/elsewhere`, { method: "POST" })).status).toBe(404);
    expect(await state.t.adminDb.inboundWebhook.count()).toBe(before);
    // Each refusal counted once under its reason; the URL's token never becomes a label.
    const rejectsAfter = await Promise.all(reasons.map((reason) => metric(`storeflow_webhook_rejects_total{reason="${reason}"}`)));
    expect(rejectsAfter.map((after, i) => after - rejectsBefore[i]!)).toEqual([1, 1, 1, 0]);
    expect((await metric('storeflow_http_request_duration_seconds_count{route="hooks",method="POST",status="401"}')) - refusedBefore).toBe(1);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
