import { businessCentralConnector, createConnectorCatalog } from "@storeflow/connectors";
import { useTestTenants } from "@storeflow/db/test";
import { createKeyRing, parseKek, SecretDecryptionError } from "@storeflow/secrets";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "@storeflow/errors";
import { canarySecret, signBody, signedTestConnector } from "@storeflow/connectors/test";
import { createRunStore, executeStep, startRun, type TRunStore, type TStepJob, type TStepPublisher } from "@storeflow/runs";
import { acceptWebhook, archiveConnection, createWebhookConnectionCache, publishInboundWebhooks, type TAcceptedWebhook, type TTriggeringWebhook, createConnection, getConnection, listConnections, openConnection, replaceConnectionSecrets, retryFailingWebhooks, rotateDataKeys, updateConnection, WebhookRejectedError, WebhookRelayError } from "./index";

const state = useTestTenants();
const catalog = createConnectorCatalog([signedTestConnector, businessCentralConnector]);
const kekA = parseKek(randomBytes(32).toString("base64"));
const ring = createKeyRing({ current: kekA });
let system: pg.Pool;
let store: TRunStore;

// Long and unique, so a scan can tell these values apart from anything else.
const apiKey = canarySecret("sk_live");
const webhookSecret = canarySecret("whsec");

beforeAll(() => {
  system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
  store = createRunStore({ url: state.t.appUrl, max: 4 });
});
afterAll(async () => {
  await system?.end();
  await store?.close();
});

function owner() {
  const { partnerA, usersA } = state.tenants;
  return { db: state.t.db, scope: { partnerId: partnerA.id, userId: usersA.partner_owner.id }, role: "partner_owner" as const };
}

async function connect(name: string, clientId = state.tenants.clientA1.id) {
  return createConnection({ actor: owner(), catalog, ring, input: { clientId, connectorKey: "signed-test", name, config: { storeName: "Flagship" }, secrets: { apiKey, webhookSecret } } });
}

async function tableText(): Promise<string> {
  const rows = await state.t.adminDb.$queryRaw<{ t: string }[]>`
    select row_to_json(x)::text as t from (select * from connections) x
    union all select row_to_json(a)::text from audit_events a
    union all select row_to_json(w)::text from inbound_webhooks w`;
  return rows.map((r) => r.t).join("\n");
}

describe("connections", () => {
  it("stores the secrets encrypted and shows them back only as masked hints", async () => {
    const dto = await connect("Storefront");
    expect(dto.secretHints).toEqual({ apiKey: `••••${apiKey.slice(-4)}`, webhookSecret: `••••${webhookSecret.slice(-4)}` });
    expect(dto.webhookPath).toMatch(/^\/api\/hooks\/[A-Za-z0-9_-]{32}$/);
    const texts = [JSON.stringify(dto), JSON.stringify(await listConnections({ actor: owner(), catalog, input: {} })), await tableText()];
    for (const text of texts) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain(webhookSecret);
    }
    const secret = await state.t.adminDb.connectionSecret.findUniqueOrThrow({ where: { connectionId: dto.id } });
    expect(Buffer.from(secret.ciphertext).includes(Buffer.from(apiKey))).toBe(false);
    const opened = await openConnection({ db: system, catalog, ring, partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id, connectionId: dto.id });
    expect(opened.secrets).toEqual({ apiKey, webhookSecret });
  });

  it("names every wrong field and writes nothing", async () => {
    const before = await state.t.adminDb.connection.count();
    const attempt = createConnection({ actor: owner(), catalog, ring, input: { clientId: state.tenants.clientA1.id, connectorKey: "signed-test", name: "Broken", config: {}, secrets: { apiKey: "short" } } });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["config.storeName", "secrets.apiKey", "secrets.webhookSecret"]));
    expect(JSON.stringify((error as ValidationError).issues)).not.toContain("short");
    await expect(createConnection({ actor: owner(), catalog, ring, input: { clientId: state.tenants.clientA1.id, connectorKey: "nope", name: "X1" } })).rejects.toMatchObject({ code: "BAD_REQUEST", field: "connectorKey" });
    expect(await state.t.adminDb.connection.count()).toBe(before);
  });

  it("refuses another tenant's connection as not found", async () => {
    const dto = await connect("Private POS");
    const { partnerB, ownerB, clientA2, clientAdminA2 } = state.tenants;
    const other = { db: state.t.db, scope: { partnerId: partnerB.id, userId: ownerB.id }, role: "partner_owner" as const };
    const sibling = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, clientId: clientA2.id, userId: clientAdminA2.id }, role: "client_admin" as const };
    for (const actor of [other, sibling]) {
      await expect(getConnection({ actor, catalog, input: { id: dto.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(updateConnection({ actor, catalog, input: { id: dto.id, name: "Stolen" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(replaceConnectionSecrets({ actor, catalog, ring, input: { id: dto.id, secrets: { apiKey: "attacker-key-1", webhookSecret: "attacker-secret" } } })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await listConnections({ actor, catalog, input: {} })).map((c) => c.id)).not.toContain(dto.id);
    }
    // Creating into another partner's client is refused the same way.
    await expect(createConnection({ actor: other, catalog, ring, input: { clientId: state.tenants.clientA1.id, connectorKey: "signed-test", name: "Intruder", config: { storeName: "x" }, secrets: { apiKey, webhookSecret } } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // And the system-scope opener checks the tenant it is told.
    await expect(openConnection({ db: system, catalog, ring, partnerId: partnerB.id, clientId: state.tenants.clientB1.id, connectionId: dto.id })).rejects.toThrow(/no such connection/);
  });

  it("a ciphertext copied to another client's connection does not decrypt", async () => {
    const mine = await connect("Copy source");
    const theirs = await connect("Copy target", state.tenants.clientA2.id);
    await state.t.adminDb.$executeRaw`update connection_secrets set ciphertext = (select ciphertext from connection_secrets where connection_id = ${mine.id}::uuid) where connection_id = ${theirs.id}::uuid`;
    await expect(openConnection({ db: system, catalog, ring, partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA2.id, connectionId: theirs.id })).rejects.toBeInstanceOf(SecretDecryptionError);
  });

  it("rotating the KEK re-wraps every data key and old secrets still open", async () => {
    const dto = await connect("Before rotation");
    const kekB = parseKek(randomBytes(32).toString("base64"));
    const rotated = createKeyRing({ current: kekB, previous: [kekA] });
    const first = await rotateDataKeys({ pool: system, ring: rotated, batchSize: 1 });
    expect(first.rewrapped).toBeGreaterThanOrEqual(2);
    expect(await state.t.adminDb.clientDataKey.count({ where: { kekId: { not: kekB.id } } })).toBe(0);
    expect((await rotateDataKeys({ pool: system, ring: rotated })).rewrapped).toBe(0);
    const onlyB = createKeyRing({ current: kekB });
    const opened = await openConnection({ db: system, catalog, ring: onlyB, partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id, connectionId: dto.id });
    expect(opened.secrets.apiKey).toBe(apiKey);
    // Put the test ring back in charge for the tests after this one.
    await rotateDataKeys({ pool: system, ring: createKeyRing({ current: kekA, previous: [kekB] }) });
  });
});

describe("webhook ingress", () => {
  function delivery(id: string, secret = webhookSecret) {
    const rawBody = JSON.stringify({ id, order: `order-${id}` });
    return { headers: { "x-test-signature": signBody(rawBody, secret) }, rawBody, url: "http://portal.test/api/hooks/x", receivedAt: new Date() };
  }
  const tokenOf = (path: string | null) => path!.split("/").pop()!;

  it("stores a verified webhook once however often it is delivered", async () => {
    const dto = await connect("Webhook source");
    const token = tokenOf(dto.webhookPath);
    const first = await acceptWebhook({ db: system, catalog, ring, token, request: delivery("d-1") });
    const again = await acceptWebhook({ db: system, catalog, ring, token, request: delivery("d-1") });
    expect(first).toMatchObject({ duplicate: false, connectionId: dto.id, clientId: state.tenants.clientA1.id, event: { type: "order.created", correlationKey: "order-d-1" } });
    expect(again).toMatchObject({ duplicate: true, id: (first as TAcceptedWebhook).id });
    expect(await state.t.adminDb.inboundWebhook.count({ where: { connectionId: dto.id } })).toBe(1);
  });

  it("with a connection cache, a replaced secret is picked up at once and an archived connection refused", async () => {
    const cache = createWebhookConnectionCache({ ttlMs: 60_000 });
    const dto = await connect("Cached source");
    const token = tokenOf(dto.webhookPath);
    expect(await acceptWebhook({ db: system, catalog, ring, token, cache, request: delivery("c-1") })).toMatchObject({ duplicate: false });
    expect(cache.has(token)).toBe(true);
    const newSecret = `whsec_${randomBytes(10).toString("hex")}`;
    await replaceConnectionSecrets({ actor: owner(), catalog, ring, input: { id: dto.id, secrets: { apiKey, webhookSecret: newSecret } } });
    expect(await acceptWebhook({ db: system, catalog, ring, token, cache, request: delivery("c-2", newSecret) })).toMatchObject({ duplicate: false });
    await expect(acceptWebhook({ db: system, catalog, ring, token, cache, request: delivery("c-3") })).rejects.toMatchObject({ status: 401 });
    await archiveConnection({ actor: owner(), catalog, input: { id: dto.id } });
    await expect(acceptWebhook({ db: system, catalog, ring, token, cache, request: delivery("c-4", newSecret) })).rejects.toMatchObject({ status: 404 });
    expect((await state.t.adminDb.inboundWebhook.findMany({ where: { connectionId: dto.id }, select: { deliveryId: true } })).map((w) => w.deliveryId).sort()).toEqual(["c-1", "c-2"]);
  });

  it("answers a subscription handshake with its token and stores nothing", async () => {
    const dto = await createConnection({
      actor: owner(),
      catalog,
      ring,
      input: {
        clientId: state.tenants.clientA1.id,
        connectorKey: "business-central",
        name: "ERP",
        config: { tenantId: "contoso.onmicrosoft.com", environment: "production", companyId: "5f8a2b1c-0d3e-4f5a-9b6c-7d8e9f0a1b2c" },
        secrets: { clientId: "app-id", clientSecret: "app-secret-value", webhookClientState: "client-state-0123456789" },
      },
    });
    const request = { headers: {}, rawBody: "", url: `http://portal.test${dto.webhookPath}?validationToken=abc%20123`, receivedAt: new Date() };
    expect(await acceptWebhook({ db: system, catalog, ring, token: tokenOf(dto.webhookPath), request })).toEqual({ kind: "handshake", body: "abc 123" });
    expect(await state.t.adminDb.inboundWebhook.count({ where: { connectionId: dto.id } })).toBe(0);
  });

  it("refuses a bad signature, an unknown token and an archived connection, storing nothing", async () => {
    const dto = await connect("Webhook guard");
    const token = tokenOf(dto.webhookPath);
    const tampered = { ...delivery("d-2"), rawBody: JSON.stringify({ id: "d-2", order: "order-forged" }) };
    await expect(acceptWebhook({ db: system, catalog, ring, token, request: tampered })).rejects.toMatchObject({ status: 401 });
    await expect(acceptWebhook({ db: system, catalog, ring, token, request: delivery("d-3", "whsec_wrong_secret") })).rejects.toMatchObject({ status: 401 });
    await expect(acceptWebhook({ db: system, catalog, ring, token: randomBytes(24).toString("base64url"), request: delivery("d-4") })).rejects.toMatchObject({ status: 404 });
    await expect(acceptWebhook({ db: system, catalog, ring, token: "'; drop table x --", request: delivery("d-5") })).rejects.toBeInstanceOf(WebhookRejectedError);
    await archiveConnection({ actor: owner(), catalog, input: { id: dto.id } });
    await expect(acceptWebhook({ db: system, catalog, ring, token, request: delivery("d-6") })).rejects.toMatchObject({ status: 404 });
    expect(await state.t.adminDb.inboundWebhook.count({ where: { connectionId: dto.id } })).toBe(0);
    expect(await state.t.adminDb.connectionSecret.count({ where: { connectionId: dto.id } })).toBe(0);
  });

  it("hands each accepted webhook to workflows once: the waiting run resumes with its payload", async () => {
    const dto = await connect("Webhook relay");
    const token = tokenOf(dto.webhookPath);
    const jobs: TStepJob[] = [];
    const publisher: TStepPublisher = { publish: async (next) => void jobs.push(...next) };
    const scope = { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
    const definition = {
      key: "test.await-order",
      version: "1.0.0",
      start: "await",
      steps: [
        { key: "await", kind: "waitForEvent", event: "order.created", correlationKey: "input.order", waitForMs: 60_000, next: "done" },
        { key: "done", kind: "transform", expression: "steps.await.output.order" },
      ],
    };
    const { runId } = await startRun({ store, publisher, scope, definition, bindings: [], input: { order: "order-d-7" }, idempotencyKey: `await-${uniqueSuffix()}` });
    await executeStep({ store, publisher, job: jobs.shift()!, actions: { resolve: () => undefined } });
    await acceptWebhook({ db: system, catalog, ring, token, request: delivery("d-7") });
    await acceptWebhook({ db: system, catalog, ring, token, request: delivery("d-7") });
    expect(await publishInboundWebhooks({ store, publisher })).toBeGreaterThanOrEqual(1);
    expect(await publishInboundWebhooks({ store, publisher })).toBe(0);
    for (let job = jobs.find((j) => !j.delayMs); job; job = jobs.find((j) => !j.delayMs)) {
      jobs.splice(jobs.indexOf(job), 1);
      await executeStep({ store, publisher, job, actions: { resolve: () => undefined } });
    }
    const events = await state.t.adminDb.workflowEvent.findMany({ where: { idempotencyKey: `webhook:${dto.id}:d-7` } });
    expect(events).toHaveLength(1);
    const run = await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("succeeded");
    const done = await state.t.adminDb.stepRun.findFirstOrThrow({ where: { runId, stepKey: "done" } });
    expect(done.output).toBe("order-d-7");
    expect(await state.t.adminDb.inboundWebhook.count({ where: { connectionId: dto.id, publishedAt: null } })).toBe(0);
  });

  it("shares each relay pass among the clients waiting: one client's backlog does not hold back another's newer webhook", async () => {
    const flooding = await connect("Flooding shop");
    const quiet = await connect("Quiet shop", state.tenants.clientA2.id);
    const publisher: TStepPublisher = { publish: async () => {} };
    for (let i = 0; i < 30; i++) await acceptWebhook({ db: system, catalog, ring, token: tokenOf(flooding.webhookPath), request: delivery(`flood-${i}`) });
    await acceptWebhook({ db: system, catalog, ring, token: tokenOf(quiet.webhookPath), request: delivery("quiet-1") });
    const waiting = (connectionId: string) => state.t.adminDb.inboundWebhook.count({ where: { connectionId, publishedAt: null } });

    // Two clients waiting: half of the pass's ten each, and the quiet client has one.
    expect(await publishInboundWebhooks({ store, publisher, limit: 10 })).toBe(6);
    expect(await waiting(quiet.id)).toBe(0);
    expect(await waiting(flooding.id)).toBe(25);
    const published = await state.t.adminDb.inboundWebhook.findMany({ where: { connectionId: flooding.id, publishedAt: { not: null } }, select: { deliveryId: true } });
    // Within a client, oldest first.
    expect(published.map((row) => row.deliveryId).sort()).toEqual(["flood-0", "flood-1", "flood-2", "flood-3", "flood-4"].sort());
    // Alone, a client has the whole pass.
    expect(await publishInboundWebhooks({ store, publisher, limit: 10 })).toBe(10);
    expect(await publishInboundWebhooks({ store, publisher, limit: 100 })).toBe(15);
    expect(await publishInboundWebhooks({ store, publisher, limit: 100 })).toBe(0);
  });

  it("relays a client's webhooks in order across concurrent relays: while one relay's pass holds a client, another leaves that client's webhooks to it", async () => {
    const ordered = await connect("Ordered shop");
    const other = await connect("Other shop", state.tenants.clientA2.id);
    const publisher: TStepPublisher = { publish: async () => {} };
    for (let i = 0; i < 6; i++) await acceptWebhook({ db: system, catalog, ring, token: tokenOf(ordered.webhookPath), request: delivery(`ordered-${i}`) });
    await acceptWebhook({ db: system, catalog, ring, token: tokenOf(other.webhookPath), request: delivery("other-0") });
    const relayed: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const holdingStarted = new Promise<void>((resolve) => (holding = resolve));
    const startRuns = async (webhook: TTriggeringWebhook) => {
      if (webhook.deliveryId === "ordered-0") {
        holding();
        await held;
      }
      relayed.push(webhook.deliveryId);
      return 0;
    };

    // The first relay's pass takes the ordered client's first three (and the other's one), and is held on the first.
    const first = publishInboundWebhooks({ store, publisher, startRuns, limit: 6 });
    await holdingStarted;
    // Meanwhile a second relay takes none of the ordered client's later webhooks (nor the other's, which the first holds too).
    expect(await publishInboundWebhooks({ store, publisher, startRuns, limit: 6 })).toBe(0);
    expect(relayed.filter((id) => id.startsWith("ordered-"))).toEqual([]);
    release();
    expect(await first).toBeGreaterThanOrEqual(3);
    while ((await publishInboundWebhooks({ store, publisher, startRuns })) > 0);
    expect(relayed.filter((id) => id.startsWith("ordered-"))).toEqual(["ordered-0", "ordered-1", "ordered-2", "ordered-3", "ordered-4", "ordered-5"]);
    expect(relayed).toContain("other-0");
  });

  it("relays the clients of a pass side by side: one client's failure holds back neither another's webhooks nor the marks of those published, and a failed webhook backs off without holding back its client's later ones", async () => {
    const failing = await connect("Failing shop");
    const healthy = await connect("Healthy shop", state.tenants.clientA2.id);
    const publisher: TStepPublisher = { publish: async () => {} };
    for (const id of ["fail-0", "fail-1", "fail-2"]) await acceptWebhook({ db: system, catalog, ring, token: tokenOf(failing.webhookPath), request: delivery(id) });
    for (const id of ["ok-0", "ok-1"]) await acceptWebhook({ db: system, catalog, ring, token: tokenOf(healthy.webhookPath), request: delivery(id) });
    const relayed: string[] = [];
    let broken = true;
    const startRuns = async (webhook: TTriggeringWebhook) => {
      if (broken && webhook.deliveryId === "fail-1") throw new Error("installation store unreachable");
      relayed.push(webhook.deliveryId);
      return 0;
    };
    const unpublished = async () =>
      (await state.t.adminDb.inboundWebhook.findMany({ where: { connectionId: { in: [failing.id, healthy.id] }, publishedAt: null }, select: { deliveryId: true } })).map((row) => row.deliveryId).sort();

    const error = await publishInboundWebhooks({ store, publisher, startRuns }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebhookRelayError);
    expect(error).toMatchObject({ published: 3, message: expect.stringContaining("installation store unreachable") });
    // The failing client stopped at its failure, in order; the other went on.
    expect(relayed.sort()).toEqual(["fail-0", "ok-0", "ok-1"]);
    expect(await unpublished()).toEqual(["fail-1", "fail-2"]);

    const failed = await state.t.adminDb.inboundWebhook.findFirstOrThrow({ where: { connectionId: failing.id, deliveryId: "fail-1" } });
    expect(failed).toMatchObject({ relayAttempts: 1, relayError: "installation store unreachable" });
    expect(failed.relayAfter!.getTime()).toBeGreaterThan(Date.now());
    // The connection says so, where its partner looks; the other connection has nothing failing.
    expect(await getConnection({ actor: owner(), catalog, input: { id: failing.id } })).toMatchObject({
      webhooksFailing: { count: 1, lastError: "installation store unreachable", nextAttemptAt: failed.relayAfter },
    });
    expect((await getConnection({ actor: owner(), catalog, input: { id: healthy.id } })).webhooksFailing).toBeNull();

    // Backing off, it waits while its client's next webhook goes on.
    broken = false;
    expect(await publishInboundWebhooks({ store, publisher, startRuns })).toBe(1);
    expect(relayed.slice(3)).toEqual(["fail-2"]);
    expect(await unpublished()).toEqual(["fail-1"]);
    // Retried now by its partner rather than at the end of its backoff, it is relayed like any other.
    expect(await retryFailingWebhooks({ actor: owner(), catalog, input: { id: failing.id } })).toMatchObject({ webhooksFailing: { count: 1 } });
    expect(await state.t.adminDb.auditEvent.count({ where: { action: "connection.webhooks_retried", targetId: failing.id } })).toBe(1);
    expect(await publishInboundWebhooks({ store, publisher, startRuns })).toBe(1);
    expect(relayed.slice(4)).toEqual(["fail-1"]);
    expect(await unpublished()).toEqual([]);
    expect((await getConnection({ actor: owner(), catalog, input: { id: failing.id } })).webhooksFailing).toBeNull();
  });
});

function uniqueSuffix() {
  return randomBytes(6).toString("hex");
}
