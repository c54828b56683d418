import { builtInConnectors } from "@storeflow/connectors";
import { canarySecret } from "@storeflow/connectors/test";
import { useTestTenants } from "@storeflow/db/test";
import { createGuardedFetch } from "@storeflow/outbound";
import { createRunStore, executeStep, startRun, type TActionRegistry, type TRunStore, type TStepJob, type TStepPublisher } from "@storeflow/runs";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { startSimulator, type TSimulator, type TWebhookReceiverSimulator, webhookReceiverSimulator } from "@storeflow/simulator";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnection, createConnectionActions, requestConnectionCheck, sweepConnectionHealth } from "./index";

const state = useTestTenants();
const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
const apiKey = canarySecret("key");
let sim: TSimulator;
let system: pg.Pool;
let store: TRunStore;
const bound = new Map<string, string>();

beforeAll(async () => {
  sim = await startSimulator({ vendors: [webhookReceiverSimulator] });
  system = new pg.Pool({ connectionString: state.t.appUrl, options: "-c app.system=on", max: 2 });
  store = createRunStore({ url: state.t.appUrl, max: 4 });
});
afterAll(async () => {
  await sim?.close();
  await system?.end();
  await store?.close();
});

function scope() {
  return { partnerId: state.tenants.partnerA.id, clientId: state.tenants.clientA1.id };
}

async function httpConnection(name: string, baseUrl: string) {
  const actor = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
  const input = { clientId: state.tenants.clientA1.id, connectorKey: "http", name, config: { baseUrl, auth: { kind: "apiKey", header: "X-API-Key" } }, secrets: { apiKey } };
  return (await createConnection({ actor, catalog: builtInConnectors, ring, input })).id;
}

/** Runs a one-action workflow through the executor with the production registry, as the worker would. */
async function runCall(binding: string) {
  const actions: TActionRegistry = createConnectionActions({
    db: system,
    catalog: builtInConnectors,
    ring,
    // Only the simulator's exact address may be reached; anything else private is refused.
    fetch: createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] }),
    resolveBinding: async (run, name) => (run.clientId === state.tenants.clientA1.id ? bound.get(name) : undefined),
  });
  const jobs: TStepJob[] = [];
  const publisher: TStepPublisher = { publish: async (next) => void jobs.push(...next) };
  const definition = {
    key: "test.call-api",
    version: "1.0.0",
    start: "call",
    steps: [{ key: "call", kind: "action", connection: binding, operation: "request", input: { method: "'POST'", path: "'/orders/{id}'", params: "{ 'id': input.order }", body: "{ 'order': input.order }" }, retry: { attempts: 1 } }],
  };
  const { runId } = await startRun({ store, publisher, scope: scope(), definition, bindings: [binding], input: { order: "A-100" }, idempotencyKey: randomBytes(6).toString("hex") });
  for (let job = jobs.shift(); job; job = jobs.shift()) await executeStep({ store, publisher, job, actions });
  const run = await state.t.adminDb.workflowRun.findUniqueOrThrow({ where: { id: runId } });
  const step = await state.t.adminDb.stepRun.findFirstOrThrow({ where: { runId, stepKey: "call" }, orderBy: { attempt: "desc" } });
  return { run, step };
}

describe("connection actions in the executor", () => {
  it("calls the bound connection with its own secret, the step's idempotency key, and scrubs the secret from what is recorded", async () => {
    const receiver = sim.vendor<TWebhookReceiverSimulator>("webhook-receiver");
    // The far end echoes the key back, as careless APIs do.
    receiver.registerEndpoint("api", { reply: { status: 200, body: JSON.stringify({ ok: true, echo: `you sent ${apiKey}` }), contentType: "application/json" } });
    bound.set("erp", await httpConnection("Order API", `${sim.url}/webhook-receiver/api`));
    const { run, step } = await runCall("erp");
    expect(run.status).toBe("succeeded");
    const [delivery] = receiver.deliveriesTo("api");
    expect(delivery).toMatchObject({ method: "POST", path: "/webhook-receiver/api/orders/A-100", headers: expect.objectContaining({ "x-api-key": apiKey, "idempotency-key": `${run.id}:call:0` }) });
    expect(JSON.parse(delivery!.body)).toEqual({ order: "A-100" });
    expect(step.output).toMatchObject({ status: 200, body: { ok: true, echo: "you sent [redacted]" } });
    expect(JSON.stringify([step.input, step.output, step.error, run.error])).not.toContain(apiKey);
  });

  it("fails the step for good when the connection points at a private address or the binding is unbound", async () => {
    bound.set("intranet", await httpConnection("Intranet", "http://10.0.0.1/api"));
    const blocked = await runCall("intranet");
    expect(blocked.run.status).toBe("failed");
    expect((blocked.step.error as { message: string }).message).toMatch(/10\.0\.0\.1.*refused.*private address/);
    const unbound = await runCall("nowhere");
    expect(unbound.run.status).toBe("failed");
    expect((unbound.step.error as { message: string }).message).toContain('"nowhere" binding is not bound');
  });

  it("meters each call by its connection's connector policy, one bucket per connection whatever the binding", async () => {
    const actor = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
    const slack = await createConnection({
      actor,
      catalog: builtInConnectors,
      ring,
      input: { clientId: state.tenants.clientA1.id, connectorKey: "slack", name: "Store chat", config: { allowedBaseUrl: "https://hooks.slack.com/services/" }, secrets: { webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXX" } },
    });
    bound.set("storeChat", slack.id);
    bound.set("alerts", slack.id);
    bound.set("api", await httpConnection("Unmetered API", `${sim.url}/webhook-receiver/api`));
    const actions = createConnectionActions({ db: system, catalog: builtInConnectors, ring, fetch: createGuardedFetch({ allowPrivate: false, allowlist: [] }), resolveBinding: async (_run, name) => bound.get(name) });
    const call = (connection: string) => ({ connection, operation: "postMessage", input: {}, idempotencyKey: "k", run: { id: "r", ...scope() }, signal: new AbortController().signal });
    expect(await actions.budget!(call("storeChat"))).toEqual({ capacity: 3, refillPerSecond: 1, key: slack.id });
    expect(await actions.budget!(call("alerts"))).toEqual({ capacity: 3, refillPerSecond: 1, key: slack.id });
    expect(await actions.budget!(call("api"))).toBeUndefined();
    expect(await actions.budget!(call("nowhere"))).toBeUndefined();
  });

  it("health sweeps check each due connection once across concurrent workers and say why one is unhealthy", async () => {
    const healthyId = await httpConnection("Health API", `${sim.url}/webhook-receiver/health`);
    const blockedId = await httpConnection("Health intranet", "http://10.0.0.1/health");
    const sweep = () =>
      sweepConnectionHealth({ db: system, catalog: builtInConnectors, ring, fetch: createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] }), limit: 50 });
    const [first, second] = await Promise.all([sweep(), sweep()]);
    const checked = [...first!, ...second!].map((r) => r.connectionId);
    expect(checked.filter((id) => id === healthyId)).toHaveLength(1);
    expect(checked.filter((id) => id === blockedId)).toHaveLength(1);
    const rows = await state.t.adminDb.connection.findMany({ where: { id: { in: [healthyId, blockedId] } }, select: { id: true, health: true, healthDetail: true, healthCheckedAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(healthyId)).toMatchObject({ health: "healthy", healthDetail: null });
    expect(byId.get(blockedId)).toMatchObject({ health: "unhealthy", healthDetail: expect.stringMatching(/private address/) });
    // Nothing is due again until someone asks.
    expect((await sweep()).map((r) => r.connectionId)).not.toContain(healthyId);
    const actor = { db: state.t.db, scope: { partnerId: state.tenants.partnerA.id, userId: state.tenants.usersA.partner_owner.id }, role: "partner_owner" as const };
    await requestConnectionCheck({ actor, catalog: builtInConnectors, input: { id: healthyId } });
    expect((await sweep()).map((r) => r.connectionId)).toContain(healthyId);
  });

  it("a connection being checked keeps no check time until its verdict is in, and other sweeps pass it by meanwhile", async () => {
    const id = await httpConnection("Slow health API", `${sim.url}/webhook-receiver/health`);
    const guarded = createGuardedFetch({ allowPrivate: false, allowlist: ["127.0.0.1/32"] });
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const slowFetch: typeof guarded = async (...args) => {
      await answered;
      return guarded(...args);
    };
    const checking = sweepConnectionHealth({ db: system, catalog: builtInConnectors, ring, fetch: slowFetch, limit: 50 });
    const row = () => state.t.adminDb.connection.findUniqueOrThrow({ where: { id }, select: { health: true, healthCheckedAt: true, healthClaimedUntil: true } });
    await vi.waitFor(async () => expect((await row()).healthClaimedUntil).not.toBeNull());
    expect(await row()).toMatchObject({ health: "unknown", healthCheckedAt: null });
    expect((await sweepConnectionHealth({ db: system, catalog: builtInConnectors, ring, fetch: guarded, limit: 50 })).map((r) => r.connectionId)).not.toContain(id);
    answer();
    expect((await checking).map((r) => r.connectionId)).toContain(id);
    expect(await row()).toMatchObject({ health: "healthy", healthCheckedAt: expect.any(Date), healthClaimedUntil: null });
  });
});
