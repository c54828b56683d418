/**
 * pnpm bench:ingest — how many webhooks a second the product's ingress accepts
 * (POST /api/hooks/<token> served by apps/ingress, and the same route under the
 * portal's `next start` for comparison: token lookup, secret decryption,
 * signature check, normalising, and the insert that makes a 2xx durable, dedup
 * included), loaded over loopback from another process with no worker running, so
 * only ingest is measured; next to a bare node:http server that INSERTs a row and
 * enqueues a BullMQ job, loaded the same way in the same run. Two more figures say
 * where the time goes: acceptWebhook called in-process (the ingress without HTTP)
 * and GET /healthz on the same portal (Next.js with no work of ours).
 * Afterwards every delivery answered 2xx must have exactly one row: `lost` counts
 * those without, `duplicated` rows beyond one per delivery id plus deliveries
 * answered "stored now" twice. Its last line is one JSON object with the figures.
 */
import { createTestDatabase, type TestDatabase } from "@storeflow/db/test/database";
import IORedis from "ioredis";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { measureAcceptInProcess } from "./accept-in-process";
import { startBaseline } from "./baseline-process";
import { checkStored } from "./check-stored";
import { type TLoadOutcome } from "./load-outcome";
import { startIngress } from "./ingress-process";
import { ensurePortalBuilt, startPortal } from "./portal-process";
import { preflightIngest } from "./preflight";
import { runLoadPhases, type TLoadPhases, type TLoadSettings } from "./run-load";
import { seedShopifyConnection, type TBenchConnection } from "./seed-connection";

const settings: TLoadSettings = {
  connections: Number(process.env.BENCH_INGEST_CONNECTIONS ?? 48),
  seconds: Number(process.env.BENCH_INGEST_SECONDS ?? 15),
  warmupSeconds: Number(process.env.BENCH_INGEST_WARMUP_SECONDS ?? 5),
  duplicateEvery: Number(process.env.BENCH_INGEST_DUPLICATE_EVERY ?? 20),
};
const PORT = Number(process.env.BENCH_INGEST_PORT ?? 3200);
/** The portal's own pool size (apps/portal/src/server/services.ts), so the baseline holds as many connections. */
const POOL_MAX = 12;
const root = join(import.meta.dirname, "../../..");

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const acceptedPerS = (outcome: TLoadOutcome) => outcome.accepted / outcome.seconds;

function describe({ measured: outcome, serverCpuSeconds }: TLoadPhases): string {
  const statuses = Object.entries(outcome.byStatus)
    .map(([status, count]) => `${status}: ${count}`)
    .join(", ");
  const sent = outcome.unique ? `${outcome.unique} deliveries + ${outcome.redeliveries} redeliveries sent; ` : "";
  return [
    `${Math.round(acceptedPerS(outcome))} req/s accepted (${outcome.accepted} 2xx in ${outcome.seconds} s; ${statuses}; ${outcome.errors} errors, ${outcome.timeouts} timeouts), `,
    `p50 ${round(outcome.p50Ms, 2)} ms, p99 ${round(outcome.p99Ms, 2)} ms; ${sent}`,
    `server CPU ${round(serverCpuSeconds)} s (${round((serverCpuSeconds * 1000) / outcome.accepted, 3)} ms a request), generator CPU ${round(outcome.generatorCpuSeconds)} s`,
  ].join("");
}

const non2xx = (outcome: TLoadOutcome) =>
  Object.entries(outcome.byStatus).reduce((sum, [status, count]) => sum + (status.startsWith("2") ? 0 : count), 0) + outcome.errors + outcome.timeouts;

// Every key under the run's own prefix: the baseline's queue, and whatever the portal kept there.
async function deleteRedisKeys(redisUrl: string, prefix: string) {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) if (keys.length) await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Options for {@link measurePortal}. */
interface MeasurePortalOptions {
  database: TestDatabase;
  connection: TBenchConnection;
  /** Redis key prefix of this run. */
  prefix: string;
  run: string;
}

/** The ingest under `next start`, then GET /healthz on the same warm server: the framework's own floor. */
async function measurePortal({ database, connection, prefix, run }: MeasurePortalOptions) {
  const portal = await startPortal({
    root,
    port: PORT,
    // BENCH_PROFILE_DIR: the portal writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
    profileDir: process.env.BENCH_PROFILE_DIR,
    env: {
      ...process.env,
      DATABASE_URL: database.adminUrl,
      APP_DATABASE_URL: database.appUrl,
      PORT: String(PORT),
      PORTAL_URL: `http://127.0.0.1:${PORT}`,
      MAIL_TRANSPORT: "outbox",
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PREFIX: `${prefix}:signin`,
    },
  });
  const load = { secret: connection.clientSecret, shopDomain: connection.shopDomain, settings, serverPid: portal.child.pid! };
  try {
    const preflightIds = await preflightIngest(portal.url, connection, `preflight-${run}`);
    const ingest = await runLoadPhases({ ...load, url: `${portal.url}${connection.webhookPath}`, idPrefix: `ingest-${run}` });
    const floor = await runLoadPhases({ ...load, url: `${portal.url}/healthz`, plainGet: true, idPrefix: `healthz-${run}` });
    return { preflightIds, ingest, floor };
  } finally {
    await portal.stop();
    if (portal.droppedLines() > 0) console.log(`(${portal.droppedLines()} more portal output lines not shown)`);
  }
}

/** apps/ingress, the process that serves /api/hooks at volume, with the same database and key ring. */
async function measureIngress({ database, connection, run }: Omit<MeasurePortalOptions, "prefix">) {
  const ingress = await startIngress({
    root,
    port: PORT + 2,
    env: { ...process.env, DATABASE_URL: database.adminUrl, APP_DATABASE_URL: database.appUrl, PORTAL_URL: `http://127.0.0.1:${PORT + 2}`, INGRESS_DB_POOL: String(POOL_MAX) },
  });
  try {
    const preflightIds = await preflightIngest(ingress.url, connection, `preflight-ingress-${run}`);
    const load = { secret: connection.clientSecret, shopDomain: connection.shopDomain, settings, serverPid: ingress.child.pid! };
    const ingest = await runLoadPhases({ ...load, url: `${ingress.url}${connection.webhookPath}`, idPrefix: `ingress-${run}` });
    return { preflightIds, ingest };
  } finally {
    await ingress.stop();
  }
}

async function main() {
  await ensurePortalBuilt(root, process.env.BENCH_INGEST_REBUILD === "1");
  const database = await createTestDatabase();
  const adminPool = new pg.Pool({ connectionString: database.adminUrl, max: 2 });
  const redisUrl = process.env.REDIS_URL!;
  const run = randomBytes(4).toString("hex");
  const prefix = `sf-bench-ingest-${run}`;
  try {
    const connection = await seedShopifyConnection(database);
    console.log(
      `machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}; ${settings.connections} connections per target, ` +
        `${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured; ${settings.duplicateEvery ? `every ${settings.duplicateEvery}th request a redelivery` : "no redeliveries"}`,
    );

    const baseline = await startBaseline({ adminPool, databaseUrl: database.adminUrl, redisUrl, queuePrefix: prefix, port: PORT + 1, poolMax: POOL_MAX });
    const load = { secret: connection.clientSecret, shopDomain: connection.shopDomain, settings, serverPid: baseline.pid };
    const bare = await runLoadPhases({ ...load, url: baseline.url, idPrefix: `baseline-${run}` }).finally(() => baseline.stop());
    console.log(`baseline, node:http + INSERT + BullMQ add (pool ${POOL_MAX}): ${describe(bare)}`);
    const direct = await measureAcceptInProcess({ appUrl: database.appUrl, poolMax: POOL_MAX, connection, settings, idPrefix: `direct-${run}` });
    console.log(`acceptWebhook called in-process, no HTTP (pool ${POOL_MAX}): ${Math.round(direct.perSecond)} calls/s, ${round(direct.cpuMsEach, 3)} ms CPU a call`);

    const ingress = await measureIngress({ database, connection, run });
    const { ingest } = ingress;
    console.log(`apps/ingress, POST /api/hooks/<token> (node:http, one process): ${describe(ingest)}`);
    const portal = await measurePortal({ database, connection, prefix, run });
    console.log(`portal, POST /api/hooks/<token> under next start: ${describe(portal.ingest)}`);
    console.log(`portal, GET /healthz (no work of ours; the framework's floor): ${describe(portal.floor)}`);

    const phases = [ingest.warmup, ingest.measured, portal.ingest.warmup, portal.ingest.measured];
    const preflightIds = [...ingress.preflightIds, ...portal.preflightIds];
    const stored = await checkStored({
      pool: adminPool,
      connectionId: connection.connectionId,
      acknowledged: [...preflightIds, ...direct.acknowledged, ...phases.flatMap((phase) => phase.acknowledged)],
      createdTwice: phases.reduce((sum, phase) => sum + phase.createdTwice, 0),
    });
    console.log(
      `stored: ${stored.rows} rows; lost ${stored.lost}; duplicated ${stored.duplicated} (${stored.extraRows} rows beyond one per delivery id, ` +
        `${stored.duplicated - stored.extraRows} deliveries answered 202 twice); ${stored.unanswered} stored but unanswered (in flight when a phase stopped); ` +
        `${phases.reduce((sum, phase) => sum + non2xx(phase), 0)} requests not answered 2xx`,
    );
    const ingestPerS = acceptedPerS(ingest.measured);
    console.log(`ingest / baseline: ${round(ingestPerS / acceptedPerS(bare.measured), 3)}; portal route: ${Math.round(acceptedPerS(portal.ingest.measured))} req/s`);
    console.log(
      JSON.stringify({
        ingest_req_per_s: Math.round(ingestPerS),
        p50_ms: round(ingest.measured.p50Ms, 2),
        p99_ms: round(ingest.measured.p99Ms, 2),
        baseline_req_per_s: Math.round(acceptedPerS(bare.measured)),
        lost: stored.lost,
        duplicated: stored.duplicated,
      }),
    );
  } finally {
    await adminPool.end();
    await deleteRedisKeys(redisUrl, prefix);
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
