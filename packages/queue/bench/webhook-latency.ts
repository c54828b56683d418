/**
 * pnpm --filter @storeflow/queue bench:webhook-latency — trigger-to-first-step
 * for webhook-triggered runs: from the ingress's commit of a webhook
 * (inbound_webhooks.received_at) to the first step of the run it starts
 * (step_runs.started_at), both by the database clock. BENCH_WEBHOOKS_PER_S
 * (default 50) signed webhooks a second for BENCH_WEBHOOK_SECONDS (default 6)
 * go through acceptWebhook (the ingress without its HTTP), the relay in this
 * process, and two step-fleet worker processes. The relay's run starter starts
 * the 3-step no-op workflow directly, where an installation's would first look
 * up the installations the event triggers.
 * The same load twice in one run: a relay that only looks every 200 ms, as every
 * relay did before listening, then one listening for the ingress's notice.
 * Its last line is one JSON object with the figures.
 */
import { acceptWebhook, createConnection } from "@storeflow/connections";
import { createConnectorCatalog } from "@storeflow/connectors";
import { signBody, signedTestConnector } from "@storeflow/connectors/test";
import { createTestDatabase, type TestDatabase } from "@storeflow/db/test/database";
import { seedTenants } from "@storeflow/db/test/tenants";
import { createRunStore, prepareDefinition, startRun, type TRunStore } from "@storeflow/runs";
import { createKeyRing, parseKek } from "@storeflow/secrets";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createQueuePublisher } from "../src/step-fleet";
import { startWebhookRelay } from "../src/webhook-relay";
import { bundleTestWorker } from "../test/fleet";
import { benchWorkflow } from "./workflow";
import { WorkerGroup } from "./worker-group";

const PER_S = Number(process.env.BENCH_WEBHOOKS_PER_S ?? 50);
const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 6);
const POLL_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number) => Math.round(n * 10) / 10;

/** Delivers `count` signed webhooks at `perSecond`, each at its own time slot; returns their delivery ids. */
async function deliverPaced(deliver: (id: string) => Promise<unknown>, tag: string, count: number, perSecond: number): Promise<string[]> {
  const t0 = performance.now();
  const deliveries: Promise<unknown>[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / perSecond - performance.now();
    if (wait > 1) await sleep(wait);
    const id = `${tag}-${i}`;
    ids.push(id);
    deliveries.push(deliver(id));
  }
  await Promise.all(deliveries);
  return ids;
}

/** received_at to the first step's start, for the runs these deliveries started, once every one has started. */
async function latency(database: TestDatabase, ids: string[]) {
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  try {
    for (let tries = 0; ; tries++) {
      const { rows } = await admin.query<{ started: number; p50: number; p99: number; max: number }>(
        `select count(*)::int as started,
           percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99, max(ms) as max
         from (select extract(epoch from (s.started_at - w.received_at)) * 1000 as ms
               from inbound_webhooks w
               join workflow_runs r on r.idempotency_key = 'webhook:' || w.delivery_id
               join step_runs s on s.run_id = r.id and s.step_key = 'one' and s.attempt = 1
               where w.delivery_id = any($1::text[])) latencies`,
        [ids],
      );
      const row = rows[0]!;
      if (row.started === ids.length) return { p50: Number(row.p50), p99: Number(row.p99), max: Number(row.max) };
      if (tries > 300) throw new Error(`only ${row.started} of ${ids.length} webhooks started their run`);
      await sleep(100);
    }
  } finally {
    await admin.end();
  }
}

async function main() {
  const database = await createTestDatabase();
  const tenants = await seedTenants(database.adminDb);
  await database.adminDb.client.updateMany({ data: { maxConcurrentSteps: 10_000 } });
  const prefix = `sf-bench-${randomBytes(4).toString("hex")}`;
  const publishing = createQueuePublisher({ redisUrl: process.env.REDIS_URL!, prefix });
  const store: TRunStore = createRunStore({ url: database.appUrl, max: 8 });
  const system = new pg.Pool({ connectionString: database.appUrl, options: "-c app.system=on", max: 8 });
  const catalog = createConnectorCatalog([signedTestConnector]);
  const ring = createKeyRing({ current: parseKek(randomBytes(32).toString("base64")) });
  const webhookSecret = `whsec_${randomBytes(12).toString("hex")}`;
  const { partnerA, clientA1, usersA } = tenants;
  const scope = { partnerId: partnerA.id, clientId: clientA1.id };
  const connection = await createConnection({
    actor: { db: database.db, scope: { partnerId: partnerA.id, userId: usersA.partner_owner.id }, role: "partner_owner" },
    catalog,
    ring,
    input: { clientId: clientA1.id, connectorKey: "signed-test", name: "Bench shop", config: { storeName: "Bench" }, secrets: { apiKey: `key_${randomBytes(8).toString("hex")}`, webhookSecret } },
  });
  const token = connection.webhookPath!.split("/").pop()!;
  const deliver = (id: string) => {
    const rawBody = JSON.stringify({ id, order: `order-${id}` });
    return acceptWebhook({ db: system, catalog, ring, token, request: { headers: { "x-test-signature": signBody(rawBody, webhookSecret) }, rawBody, url: "http://ingress.bench/api/hooks/x", receivedAt: new Date() } });
  };
  const prepared = await prepareDefinition(store, partnerA.id, benchWorkflow, ["bench"]);
  const startRuns = async (webhook: { deliveryId: string }) => {
    const { created } = await startRun({ store, publisher: publishing.publisher, scope, prepared, input: { deliveryId: webhook.deliveryId }, idempotencyKey: `webhook:${webhook.deliveryId}` });
    return created ? 1 : 0;
  };
  const workers = new WorkerGroup();
  await workers.start(await bundleTestWorker("../bench/bench-worker.ts"), { ...process.env, APP_DATABASE_URL: database.appUrl, QUEUE_PREFIX: prefix, BENCH_MODE: "engine" }, 2);
  const measure = async (tag: string, listenUrl: string | undefined) => {
    const relay = startWebhookRelay({ store, publisher: publishing.publisher, startRuns, ...(listenUrl ? { listenUrl } : { idleMs: POLL_MS }) });
    try {
      await relay.ready;
      // Warm-up: the relay's statements prepared, the workers' connections open.
      await latency(database, await deliverPaced(deliver, `${tag}-warm`, PER_S, PER_S));
      return await latency(database, await deliverPaced(deliver, tag, PER_S * SECONDS, PER_S));
    } finally {
      await relay.stop();
    }
  };
  try {
    const polling = await measure("polling", undefined);
    const listening = await measure("listening", database.appUrl);
    const line = (figures: { p50: number; p99: number; max: number }) => `p50 ${round(figures.p50)} ms, p99 ${round(figures.p99)} ms, max ${round(figures.max)} ms`;
    console.log(`webhook to first step at ${PER_S} webhooks/s for ${SECONDS} s:`);
    console.log(`  relay looking every ${POLL_MS} ms: ${line(polling)}`);
    console.log(`  relay listening for the ingress's notice: ${line(listening)}`);
    console.log(JSON.stringify({ polling_p50_ms: round(polling.p50), polling_p99_ms: round(polling.p99), listening_p50_ms: round(listening.p50), listening_p99_ms: round(listening.p99) }));
  } finally {
    await workers.stop();
    await publishing.queue.obliterate({ force: true });
    await publishing.close();
    await system.end();
    await store.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
