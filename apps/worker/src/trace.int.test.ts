/**
 * One run is one trace: a signed webhook posted to the real ingress server,
 * relayed from the outbox, runs an installed three-step workflow on a real
 * step fleet (BullMQ on the local Redis), one step calling the simulator
 * through the connection registry and the SSRF-guarded fetch. Every span the
 * run makes shares the webhook request's trace id, hangs off the request, and
 * no attribute carries a secret or a body.
 *
 * The ingress server and the simulator are apps without a package entry: they
 * are imported by path, and each resolves its own dependencies.
 */
import { randomBytes } from "node:crypto";
import { type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { createConnection, createConnectionActions, publishInboundWebhooks } from "@storeflow/connections";
import { createConnectorCatalog, httpConnector } from "@storeflow/connectors";
import { signBody, signedTestConnector } from "@storeflow/connectors/test";
import { useTestTenants } from "@storeflow/db/test";
import { createEventTriggerStarter, createInstallationResolvers } from "@storeflow/installations";
import { createGuardedFetch } from "@storeflow/outbound";
import { startStepFleet } from "@storeflow/queue";
import { createRunStore, prepareDefinition, type TRunStore } from "@storeflow/runs";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { ATTR_CLIENT_ID, ATTR_PARTNER_ID, ATTR_RUN_ID, ATTR_STEP, SpanKind, SpanStatusCode } from "@storeflow/telemetry";
import { type ReadableSpan, useInMemoryTracing } from "@storeflow/telemetry/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWebhookServer } from "../../ingress/src/webhook-server";
import { startSimulator, type TSimulator, type TWebhookReceiverSimulator, webhookReceiverSimulator } from "../../simulator/src/index";

const state = useTestTenants();
const tracing = useInMemoryTracing();
const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
const catalog = createConnectorCatalog([signedTestConnector, httpConnector]);
const webhookSecret = `whsec-${randomBytes(12).toString("hex")}`;
const apiKey = `key-${randomBytes(12).toString("hex")}`;
/** Appears only in the request and response bodies: no span may hold it. */
const bodyMarker = `body-${randomBytes(6).toString("hex")}`;

let sim: TSimulator;
let ingressDb: pg.Pool;
let ingress: Server;
let store: TRunStore;

beforeAll(async () => {
  sim = await startSimulator({ vendors: [webhookReceiverSimulator] });
  ingressDb = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
  ingress = createWebhookServer({ db: ingressDb, catalog, ring, publicUrl: "https://hooks.example.test" });
  await new Promise<void>((resolve) => ingress.listen(0, "127.0.0.1", resolve));
  store = createRunStore({ url: state.t.appUrl, max: 6 });
});
afterAll(async () => {
  await new Promise((resolve) => ingress?.close(resolve));
  await Promise.allSettled([sim?.close(), ingressDb?.end(), store?.close()]);
});

/** The shop that sends the webhook and the API the workflow calls, installed with a workflow that joins them. */
async function install() {
  const partnerId = state.tenants.partnerA.id;
  const clientId = state.tenants.clientA1.id;
  const actor = { db: state.t.db, scope: { partnerId, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
  const shop = await createConnection({ actor, catalog, ring, input: { clientId, connectorKey: "signed-test", name: "Traced shop", config: { storeName: "Traced" }, secrets: { apiKey: "shop-key-0001", webhookSecret } } });
  const api = await createConnection({
    actor,
    catalog,
    ring,
    input: { clientId, connectorKey: "http", name: "Order API", config: { baseUrl: `${sim.url}/webhook-receiver/orders`, auth: { kind: "apiKey", header: "X-API-Key" } }, secrets: { apiKey } },
  });
  // The far end echoes the key and the body back, as careless APIs do.
  sim.vendor<TWebhookReceiverSimulator>("webhook-receiver").registerEndpoint("orders", {
    reply: { status: 200, body: JSON.stringify({ ok: true, echo: `${apiKey} ${bodyMarker}` }), contentType: "application/json" },
  });
  // check runs at once; the wait holds notify back, so notify's job goes through the queue whatever chaining does.
  const definition = {
    key: "test.traced-order",
    version: "1.0.0",
    start: "check",
    steps: [
      { key: "check", kind: "transform", expression: "{ 'order': input.event.payload.order }", next: "pause" },
      { key: "pause", kind: "wait", durationMs: 50, next: "notify" },
      {
        key: "notify",
        kind: "action",
        connection: "api",
        operation: "request",
        input: { method: "'POST'", path: "'/{id}'", params: "{ 'id': steps.check.output.order }", body: `{ 'order': steps.check.output.order, 'note': '${bodyMarker}' }` },
        retry: { attempts: 1 },
      },
    ],
  };
  const prepared = await prepareDefinition(store, partnerId, definition, ["shop", "api"]);
  // The rows installTemplate writes, without a template catalog (this app does not depend on @storeflow/templates).
  await state.t.adminDb.installation.create({
    data: {
      partnerId,
      clientId,
      templateKey: definition.key,
      templateVersion: definition.version,
      definitionHash: prepared.hash,
      params: {},
      bindings: { shop: shop.id, api: api.id },
      eventTriggers: [{ connectionId: shop.id, event: "order.created" }],
    },
  });
  return { partnerId, clientId, shop, api };
}

function startFleet() {
  const resolvers = createInstallationResolvers(store.pool);
  const actions = createConnectionActions({
    db: store.pool,
    catalog,
    ring,
    // Only the simulator's address may be reached, as a worker with an allowlist would.
    fetch: createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] }),
    resolveBinding: resolvers.resolveBinding,
  });
  return startStepFleet({ store, redisUrl: process.env.REDIS_URL!, prefix: `sf-trace-${randomBytes(4).toString("hex")}`, actions, workflows: resolvers.workflows, reconcileEveryMs: 60_000 });
}

const named = (spans: readonly ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const parentOf = (spans: readonly ReadableSpan[], span: ReadableSpan) => spans.find((other) => other.spanContext().spanId === span.parentSpanContext?.spanId);

/** Span names from `span` up to the root. */
function ancestry(spans: readonly ReadableSpan[], span: ReadableSpan): string[] {
  const names: string[] = [];
  for (let at: ReadableSpan | undefined = span; at; at = parentOf(spans, at)) names.push(at.name);
  return names;
}

describe("tracing a run", () => {
  it("makes one trace from the webhook request through the relay, the queue and each step to the connector's HTTP call", { timeout: 60_000 }, async () => {
    const { partnerId, clientId, shop, api } = await install();
    const fleet = startFleet();
    try {
      await fleet.ready;
      const body = JSON.stringify({ id: "trace-1", order: "order-t-1" });
      const { port } = ingress.address() as AddressInfo;
      const posted = await fetch(`http://127.0.0.1:${port}${shop.webhookPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-test-signature": signBody(body, webhookSecret) },
        body,
      });
      expect(posted.status).toBe(202);
      expect(await state.t.adminDb.inboundWebhook.findFirstOrThrow({ where: { deliveryId: "trace-1" }, select: { traceparent: true } })).toEqual({
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      });

      // The relay, as the worker runs it, later and in its own context.
      expect(await publishInboundWebhooks({ store, publisher: fleet.publisher, startRuns: createEventTriggerStarter({ store, publisher: fleet.publisher }) })).toBe(1);
      const run = await vi.waitFor(
        async () => {
          const found = await state.t.adminDb.workflowRun.findFirstOrThrow({ where: { clientId, workflowKey: "test.traced-order" } });
          if (found.status === "running") throw new Error("the run is still going");
          return found;
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(run.status).toBe("succeeded");
      expect(sim.vendor<TWebhookReceiverSimulator>("webhook-receiver").deliveriesTo("orders")).toHaveLength(1);

      // The last step's span ends just after its settle commits the run's end.
      await vi.waitFor(() => expect(named(tracing.spans(), "step.execute")).toHaveLength(3), { timeout: 5_000, interval: 20 });
      const spans = tracing.spans();
      const [receive] = named(spans, "webhook.receive");
      expect(receive).toBeDefined();
      const traceId = receive!.spanContext().traceId;
      // Every span of the run, from the request to the last query, is in the request's trace.
      const ofRun = spans.filter((span) => span.attributes[ATTR_RUN_ID] === run.id || span.name === "webhook.receive" || span.name === "webhook.relay");
      expect(ofRun.length).toBeGreaterThan(10);
      expect(new Set(ofRun.map((span) => span.spanContext().traceId))).toEqual(new Set([traceId]));
      expect(spans.filter((span) => span.spanContext().traceId !== traceId)).toEqual([]);
      expect(run.traceparent).toContain(traceId);

      expect(receive).toMatchObject({
        kind: SpanKind.SERVER,
        parentSpanContext: undefined,
        attributes: { "http.response.status_code": 202, [ATTR_PARTNER_ID]: partnerId, [ATTR_CLIENT_ID]: clientId, "storeflow.connection_id": shop.id, "storeflow.connector": "signed-test" },
      });
      const [relay] = named(spans, "webhook.relay");
      expect(parentOf(spans, relay!)).toBe(receive);
      const [start] = named(spans, "run.start");
      expect(parentOf(spans, start!)).toBe(relay);
      expect(start!.attributes).toMatchObject({ [ATTR_RUN_ID]: run.id, [ATTR_PARTNER_ID]: partnerId, [ATTR_CLIENT_ID]: clientId });
      expect(parentOf(spans, named(spans, "db.runs.start")[0]!)).toBe(start);

      // The first job: published under the run's start, consumed by the first step.
      const steps = named(spans, "step.execute");
      expect(steps.map((span) => span.attributes[ATTR_STEP]).sort()).toEqual(["check", "notify", "pause"]);
      const stepSpan = (key: string) => steps.find((span) => span.attributes[ATTR_STEP] === key)!;
      const firstPublish = parentOf(spans, stepSpan("check"))!;
      expect(firstPublish).toMatchObject({ name: "queue.publish", kind: SpanKind.PRODUCER, attributes: { [ATTR_STEP]: "check", "messaging.system": "bullmq" } });
      expect(parentOf(spans, firstPublish)).toBe(start);
      // notify's job was delayed by the wait, so it crossed the queue again, published from the step before it.
      expect(parentOf(spans, stepSpan("notify"))).toMatchObject({ name: "queue.publish", attributes: { [ATTR_STEP]: "notify" } });
      expect(ancestry(spans, stepSpan("notify")).slice(-4)).toEqual(["queue.publish", "run.start", "webhook.relay", "webhook.receive"]);
      for (const step of steps) {
        expect(step.kind).toBe(SpanKind.CONSUMER);
        expect(step.attributes).toMatchObject({ [ATTR_PARTNER_ID]: partnerId, [ATTR_CLIENT_ID]: clientId, [ATTR_RUN_ID]: run.id, "storeflow.step.attempt": 1, "storeflow.step.outcome": "succeeded" });
        expect(["queue.publish", "step.execute"]).toContain(parentOf(spans, step)!.name);
        // Each step's statements are its children, named, never their values.
        expect(spans.some((span) => span.name === "db.runs.settle-steps" && parentOf(spans, span) === step)).toBe(true);
      }
      // The first step's claim is read while its job's admission is decided, before the step's span: its sibling, under the publish.
      expect(spans.some((span) => span.name === "db.runs.claim-step" && parentOf(spans, span) === firstPublish)).toBe(true);

      // The connector's call under its step, and the HTTP request under the call: host and status, no path.
      const [call] = named(spans, "connector.http.request");
      expect(parentOf(spans, call!)).toBe(stepSpan("notify"));
      expect(call!.attributes).toMatchObject({ "storeflow.connection_id": api.id, "storeflow.connector": "http", [ATTR_RUN_ID]: run.id });
      const [http] = named(spans, "HTTP POST");
      expect(parentOf(spans, http!)).toBe(call);
      expect(http).toMatchObject({
        kind: SpanKind.CLIENT,
        status: { code: SpanStatusCode.UNSET },
        attributes: { "http.request.method": "POST", "server.address": "127.0.0.1", "http.response.status_code": 200, [ATTR_PARTNER_ID]: partnerId, [ATTR_RUN_ID]: run.id },
      });

      // Nothing secret, and no body, in any span: names, attributes, events or status messages.
      const recorded = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.events, span.status]));
      for (const forbidden of [apiKey, webhookSecret, "shop-key-0001", bodyMarker, "order-t-1"]) expect(recorded).not.toContain(forbidden);
    } finally {
      await fleet.stop();
    }
  });
});
