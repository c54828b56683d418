import { acceptWebhook, createConnection, type TTriggeringWebhook } from "@storeflow/connections";
import { createConnectorCatalog } from "@storeflow/connectors";
import { signBody, signedTestConnector } from "@storeflow/connectors/test";
import { useTestTenants } from "@storeflow/db/test";
import { createRunStore, type TRunStore, type TStepPublisher } from "@storeflow/runs";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookRelay } from "./webhook-relay";

const state = useTestTenants();
const catalog = createConnectorCatalog([signedTestConnector]);
const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
const webhookSecret = `whsec_${randomBytes(12).toString("hex")}`;
const publisher: TStepPublisher = { publish: async () => {} };
let system: pg.Pool;
let store: TRunStore;

beforeAll(() => {
  system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
  store = createRunStore({ url: state.t.appUrl, max: 4 });
});
afterAll(async () => {
  await system?.end();
  await store?.close();
});

async function webhookToken(name: string): Promise<string> {
  const { partnerA, usersA, clientA1 } = state.tenants;
  const dto = await createConnection({
    actor: { db: state.t.db, scope: { partnerId: partnerA.id, userId: usersA.partner_owner.id }, role: "partner_owner" },
    catalog,
    ring,
    input: { clientId: clientA1.id, connectorKey: "signed-test", name, config: { storeName: "Flagship" }, secrets: { apiKey: `key_${randomBytes(8).toString("hex")}`, webhookSecret } },
  });
  return dto.webhookPath!.split("/").pop()!;
}

function deliver(token: string, id: string) {
  const rawBody = JSON.stringify({ id, order: `order-${id}` });
  const request = { headers: { "x-test-signature": signBody(rawBody, webhookSecret) }, rawBody, url: "http://ingress.test/api/hooks/x", receivedAt: new Date() };
  return acceptWebhook({ db: system, catalog, ring, token, request });
}

describe("webhook relay", () => {
  it("listening, relays a stored webhook at once rather than at its next idle look", async () => {
    const token = await webhookToken("Listened-to shop");
    const started: TTriggeringWebhook[] = [];
    // An idle look a minute away: only the ingress's notice can bring the pass forward.
    const relay = startWebhookRelay({ store, publisher, listenUrl: state.t.appUrl, idleMs: 60_000, startRuns: async (webhook) => (started.push(webhook), 0) });
    try {
      await relay.ready;
      await deliver(token, "heard-1");
      const deadline = Date.now() + 10_000;
      while (started.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(started.map((webhook) => webhook.deliveryId)).toEqual(["heard-1"]);
      // A redelivery stores nothing and starts nothing.
      await deliver(token, "heard-1");
      await deliver(token, "heard-2");
      while (started.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(started.map((webhook) => webhook.deliveryId)).toEqual(["heard-1", "heard-2"]);
      expect(await state.t.adminDb.inboundWebhook.count({ where: { deliveryId: { in: ["heard-1", "heard-2"] }, publishedAt: null } })).toBe(0);
    } finally {
      await relay.stop();
    }
  });
});
