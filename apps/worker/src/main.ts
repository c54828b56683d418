import { disconnectDbs, getDb, pingDb, readDbEnv } from "@storeflow/db";
import { EnvError, readEnvs } from "@storeflow/env";
import { createMailer, readMailEnv } from "@storeflow/mail";
import { createBuiltInConnectors } from "@storeflow/connectors";
import { createGuardedFetch, createHostGuard, readOutboundEnv } from "@storeflow/outbound";
import {
  readQueueEnv,
  startApprovalNoticeMonitor,
  startConnectionHealthMonitor,
  startExceptionTriageMonitor,
  startQuotaMonitor,
  startScheduleWorker,
  startStepFleet,
  startWebhookRelay,
} from "@storeflow/queue";
import { keyRingFromEnv, readSecretsEnv } from "@storeflow/secrets";
import { createRunStore, type TApprovalNotice } from "@storeflow/runs";
import { logFields, startTelemetry } from "@storeflow/telemetry";
import { createClassifier, createPartnerModelResolver } from "@storeflow/ai";
import { createConnectionActions } from "@storeflow/connections";
import { createEventTriggerStarter, createInstallationResolvers } from "@storeflow/installations";
import { collectDefaultMetrics, Registry } from "prom-client";
import { startHealthServer } from "./health-server";
import { assertNoEviction, connectRedis } from "./redis";
import { readWorkerEnv } from "./env";

/** One JSON line; inside traced work it names the trace, span, partner, client and run (see logFields). */
function log(level: "info" | "error", msg: string, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ level, msg, ...logFields(), ...extra }));
}

/** User ids, never addresses, go to the log. */
function logNotice({ failed, ...notice }: TApprovalNotice) {
  log("info", `approval notice ${notice.kind}`, { ...notice, failed: failed.map((f) => f.userId) });
  for (const { userId, error } of failed) log("error", "approval notice e-mail failed", { approvalId: notice.approvalId, userId, error: String(error) });
}

async function main() {
  const env = readEnvs(() => readDbEnv(), () => readQueueEnv(), () => readMailEnv(), () => readSecretsEnv(), () => readOutboundEnv(), () => readWorkerEnv());
  // Before anything that makes spans; without OTEL_EXPORTER_OTLP_ENDPOINT it registers nothing.
  const telemetry = startTelemetry({ serviceName: "storeflow-worker", env, onError: (error) => log("error", "trace export", { error: String(error) }) });
  const redis = connectRedis(env.REDIS_URL);
  await assertNoEviction(redis);
  const db = getDb();
  await pingDb(db);
  // Before any work starts: MAIL_TRANSPORT=smtp without SMTP_URL stops the boot here.
  const mailer = createMailer({ db, transport: env.MAIL_TRANSPORT, smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const store = createRunStore({ url: env.APP_DATABASE_URL, max: Math.min(env.WORKER_CONCURRENCY + 4, 40) });

  // Every call to a tenant's system goes through the SSRF guard, SMTP included.
  const outboundPolicy = { allowPrivate: env.OUTBOUND_ALLOW_PRIVATE, allowlist: env.OUTBOUND_PRIVATE_ALLOWLIST };
  const connectors = createBuiltInConnectors({ resolveSmtpHost: createHostGuard(outboundPolicy) });
  const ring = keyRingFromEnv(env);
  const guardedFetch = createGuardedFetch(outboundPolicy);
  // A step's binding ("pos") is one of its client's connections through the run's installation;
  // secrets are decrypted for the one call and scrubbed from what it returns.
  const installations = createInstallationResolvers(store.pool);
  const actions = createConnectionActions({ db: store.pool, catalog: connectors, ring, fetch: guardedFetch, resolveBinding: installations.resolveBinding });
  // ai.classify asks the partner's own model through the same guard, or the step's rules when it has none.
  const classifier = createClassifier({ resolveModel: createPartnerModelResolver({ db: store.pool, ring }), fetch: guardedFetch });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const fleet = startStepFleet({
    store,
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    actions,
    workflows: installations.workflows,
    classifier,
    concurrency: env.WORKER_CONCURRENCY,
    checkAfterMs: env.RUN_CHECK_AFTER_S * 1000,
    registry,
    log,
  });
  // Schedules start runs through the fleet's publisher; their first steps run on the fleet.
  const schedules = startScheduleWorker({
    store,
    publisher: fleet.publisher,
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    checkAfterMs: env.RUN_CHECK_AFTER_S * 1000,
    log,
  });
  await Promise.all([fleet.ready, schedules.ready]);
  // Monthly run quotas: warns, pauses at the quota (queued work waits), lifts at the month's turn.
  const quotas = startQuotaMonitor({
    store,
    db,
    onChange: (change) => log("info", `client quota ${change.kind}`, { ...change }),
    onError: (error) => log("error", "quota monitor", { error: String(error) }),
  });
  // Tells people that an approval waits for them, and escalateTo's people once it escalates.
  const approvalNotices = startApprovalNoticeMonitor({
    store,
    db,
    mailer,
    portalUrl: env.PORTAL_URL,
    onNotice: logNotice,
    onError: (error) => log("error", "approval notice monitor", { error: String(error) }),
  });

  const health = startConnectionHealthMonitor({
    db: store.pool,
    catalog: connectors,
    ring,
    fetch: guardedFetch,
    // Connection ids and the outcome only: the detail is the partner's to read in the portal.
    onResult: (result) => log("info", "connection health", { connectionId: result.connectionId, partnerId: result.partnerId, clientId: result.clientId, ok: result.ok }),
    onError: (error) => log("error", "connection health monitor", { error: String(error) }),
  });

  // Accepted webhooks become workflow events (resuming runs that wait on them) and start the runs of installations they trigger.
  const webhooks = startWebhookRelay({
    store,
    publisher: fleet.publisher,
    startRuns: createEventTriggerStarter({ store, publisher: fleet.publisher }),
    onError: (error) => log("error", "webhook relay", { error: String(error) }),
  });

  // Failed runs get a likely cause and a suggested action for the exception queue.
  const triage = startExceptionTriageMonitor({
    db: store.pool,
    classifier,
    onTriaged: (runId, result) => log("info", "exception triaged", { runId, label: result.label, confidence: result.confidence, source: result.source }),
    onError: (error) => log("error", "exception triage", { error: String(error) }),
  });

  let stopping = false;
  const server = await startHealthServer({
    port: env.WORKER_PORT,
    registry,
    checkReady: async () => {
      if (stopping) throw new Error("stopping");
      await Promise.all([pingDb(db), redis.ping()]);
    },
  });
  log("info", "worker ready", { port: env.WORKER_PORT, concurrency: env.WORKER_CONCURRENCY });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "worker stopping", { signal });
    const graceMs = env.SHUTDOWN_GRACE_S * 1000;
    // Only if Redis or PostgreSQL hang the steps below: exit, and their job locks expire.
    setTimeout(() => process.exit(1), graceMs + 10_000).unref();
    // Schedules first: a slot being fired publishes its run's first step through the fleet's publisher.
    await Promise.all([schedules.stop(), quotas.stop(), approvalNotices.stop(), webhooks.stop(), health.stop(), triage.stop()]);
    // Stop fetching and wait for in-flight steps; at the deadline, hand those
    // still running back to the queue, where another worker takes them at once.
    // That is safe: claiming and settling a step are compare-and-set on the
    // run's current step and attempt, so if this process still finishes one
    // before it exits, only the first delivery to settle advances the run, and
    // every side effect carries the step's idempotency key.
    const handedBack = await fleet.stop({ graceMs });
    if (handedBack > 0) log("info", "handed in-flight steps back to the queue", { count: handedBack });
    server.close();
    await Promise.allSettled([store.close(), redis.quit(), disconnectDbs(), telemetry.shutdown()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
