import { readBillingEnv, readClientBillingEnv, reportUsage, runClientBillingPass, stripeClientFromEnv, syncPlans } from "@storeflow/billing";
import { disconnectDbs, getDb, pingDb, readDbEnv } from "@storeflow/db";
import { EnvError, readEnvs } from "@storeflow/env";
import { createMailer, readMailEnv } from "@storeflow/mail";
import { createBuiltInConnectors } from "@storeflow/connectors";
import { createGuardedFetch, createHostGuard, readOutboundEnv } from "@storeflow/outbound";
import {
  readQueueEnv,
  createLiveFeedPublisher,
  startAlertMonitor,
  startApprovalNoticeMonitor,
  startConnectionHealthMonitor,
  startExceptionTriageMonitor,
  startKpiMonitor,
  startQuotaMonitor,
  startScheduleWorker,
  startStepFleet,
  startPeriodicPass,
  startWebhookRelay,
} from "@storeflow/queue";
import { keyRingFromEnv, readSecretsEnv } from "@storeflow/secrets";
import { createRunStore, type TApprovalNotice } from "@storeflow/runs";
import { createLogger, type TLogger } from "@storeflow/logging";
import { startTelemetry } from "@storeflow/telemetry";
import { createClassifier, createPartnerModelResolver } from "@storeflow/ai";
import { createConnectionActions } from "@storeflow/connections";
import { createEventTriggerStarter, createInstallationResolvers } from "@storeflow/installations";
import { withKpiActions } from "@storeflow/kpis";
import { createSlaBreachMetrics } from "@storeflow/metrics";
import { runSlaPass, SLA_BREACH_KINDS } from "@storeflow/sla";
import { builtInTemplates } from "@storeflow/templates";
import { collectDefaultMetrics, Registry } from "prom-client";
import { startHealthServer } from "./health-server";
import { assertNoEviction, connectRedis } from "./redis";
import { readWorkerEnv } from "./env";

/** User ids, never addresses, go to the log. */
function logNotice(logger: TLogger, { failed, ...notice }: TApprovalNotice) {
  logger.info({ ...notice, failed: failed.map((f) => f.userId) }, `approval notice ${notice.kind}`);
  for (const { userId, error } of failed) logger.error({ approvalId: notice.approvalId, userId, error: String(error) }, "approval notice e-mail failed");
}

async function main() {
  const env = readEnvs(() => readDbEnv(), () => readQueueEnv(), () => readMailEnv(), () => readSecretsEnv(), () => readOutboundEnv(), () => readWorkerEnv(), () => readBillingEnv(), () => readClientBillingEnv());
  // JSON lines on stdout; inside traced work each names the trace, span, partner, client and run.
  const logger = createLogger({ service: "storeflow-worker", env });
  // Before anything that makes spans; without OTEL_EXPORTER_OTLP_ENDPOINT it registers nothing.
  const telemetry = startTelemetry({ serviceName: "storeflow-worker", env, onError: (error) => logger.error({ error: String(error) }, "trace export") });
  const redis = connectRedis(env.REDIS_URL);
  await assertNoEviction(redis);
  const db = getDb();
  await pingDb(db);
  // Before any work starts: MAIL_TRANSPORT=smtp without SMTP_URL stops the boot here.
  const mailer = createMailer({ db, transport: env.MAIL_TRANSPORT, smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  // The runs the executor starts and ends, and the steps it settles, reach the portal's live views over Redis, not NOTIFY (see TRunStore).
  const liveFeed = createLiveFeedPublisher(redis, env.QUEUE_PREFIX);
  const store = createRunStore({ url: env.APP_DATABASE_URL, max: Math.min(env.WORKER_CONCURRENCY + 4, 40), announce: liveFeed.runsChanged });

  // Every call to a tenant's system goes through the SSRF guard, SMTP included.
  const outboundPolicy = { allowPrivate: env.OUTBOUND_ALLOW_PRIVATE, allowlist: env.OUTBOUND_PRIVATE_ALLOWLIST };
  const connectors = createBuiltInConnectors({ resolveSmtpHost: createHostGuard(outboundPolicy) });
  const ring = keyRingFromEnv(env);
  const guardedFetch = createGuardedFetch(outboundPolicy);
  // A step's binding ("pos") is one of its client's connections through the run's installation;
  // secrets are decrypted for the one call and scrubbed from what it returns.
  const installations = createInstallationResolvers(store.pool);
  // The platform's own actions (storeflow.kpi.anomalies) answer before the connections do.
  const actions = withKpiActions(createConnectionActions({ db: store.pool, catalog: connectors, ring, fetch: guardedFetch, resolveBinding: installations.resolveBinding }), { db: store.pool });
  // ai.classify asks the partner's own model through the same guard, or the step's rules when it has none.
  const classifier = createClassifier({ resolveModel: createPartnerModelResolver({ db: store.pool, ring }), fetch: guardedFetch });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const slaBreaches = createSlaBreachMetrics(registry, SLA_BREACH_KINDS);
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
    logger,
    liveFeed,
  });
  // Schedules start runs through the fleet's publisher; their first steps run on the fleet.
  const schedules = startScheduleWorker({
    store,
    publisher: fleet.publisher,
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    checkAfterMs: env.RUN_CHECK_AFTER_S * 1000,
    logger,
  });
  await Promise.all([fleet.ready, schedules.ready]);
  // Monthly run quotas: warns, pauses at the quota (queued work waits), lifts at the month's turn.
  const quotas = startQuotaMonitor({
    store,
    db,
    onChange: (change) => logger.info({ ...change }, `client quota ${change.kind}`),
    onError: (error) => logger.error({ error: String(error) }, "quota monitor"),
  });
  // Tells people that an approval waits for them, and escalateTo's people once it escalates.
  const approvalNotices = startApprovalNoticeMonitor({
    store,
    db,
    mailer,
    portalUrl: env.PORTAL_URL,
    onNotice: (notice) => logNotice(logger, notice),
    onError: (error) => logger.error({ error: String(error) }, "approval notice monitor"),
  });

  const health = startConnectionHealthMonitor({
    db: store.pool,
    catalog: connectors,
    ring,
    fetch: guardedFetch,
    // Connection ids and the outcome only: the detail is the partner's to read in the portal.
    onResult: (result) => logger.info({ connectionId: result.connectionId, partnerId: result.partnerId, clientId: result.clientId, ok: result.ok }, "connection health"),
    onError: (error) => logger.error({ error: String(error) }, "connection health monitor"),
  });

  // Accepted webhooks become workflow events (resuming runs that wait on them) and start the runs of installations they trigger,
  // as soon as the ingress's notice of each is heard.
  const webhooks = startWebhookRelay({
    listenUrl: env.APP_DATABASE_URL,
    store,
    publisher: fleet.publisher,
    startRuns: createEventTriggerStarter({ store, publisher: fleet.publisher }),
    onError: (error) => logger.error({ error: String(error) }, "webhook relay"),
  });

  // Failed runs get a likely cause and a suggested action for the exception queue.
  const triage = startExceptionTriageMonitor({
    db: store.pool,
    classifier,
    onTriaged: (runId, result) => logger.info({ runId, label: result.label, confidence: result.confidence, source: result.source }, "exception triaged"),
    onError: (error) => logger.error({ error: String(error) }, "exception triage"),
  });

  // Finished runs' KPI points, their hourly and daily rollups, and anomaly flags on closed buckets.
  const kpis = startKpiMonitor({
    pool: store.pool,
    templates: builtInTemplates,
    onResult: (result) => {
      if (result.anomalies.length > 0) logger.info({ anomalies: result.anomalies.map((a) => ({ installationId: a.installationId, kpi: a.kpiKey, dimension: a.dimension, score: a.score })) }, "kpi anomalies");
      for (const rejected of result.rejected) logger.error({ ...rejected }, "kpi value rejected");
    },
    onError: (error) => logger.error({ error: String(error) }, "kpi monitor"),
  });

  // SLA targets, rollups of finished runs, and breaches as they happen (overdue, waiting, missed cadence, success rate).
  const sla = startPeriodicPass({
    pass: () => runSlaPass({ pool: store.pool, templates: builtInTemplates }),
    everyMs: 15_000,
    againAtOnce: (result) => result.behind,
    // Each breach is recorded by exactly one pass, so the fleet-wide sum counts it once.
    onResult: ({ breaches }) => {
      slaBreaches.breached("run_duration", breaches.runDuration);
      slaBreaches.breached("backlog_age", breaches.backlogAge);
      slaBreaches.breached("cadence", breaches.cadence);
      slaBreaches.breached("success_rate", breaches.successRate);
    },
    onError: (error) => logger.error({ error: String(error) }, "sla monitor"),
  });

  // Alert rules: raises and resolves alerts, groups them into notifications, and sends those
  // from their outbox (e-mail, Slack, Teams, signed webhooks) through the SSRF guard, with retries.
  const alerts = startAlertMonitor({
    pool: store.pool,
    db,
    mailer,
    fetch: guardedFetch,
    ring,
    portalUrl: env.PORTAL_URL,
    // Ids and outcomes only: channel URLs are secrets, and the alerts are the partner's to read in the portal.
    onResult: (result) => {
      for (const change of result.changes) logger.info({ ...change }, `alert ${change.kind}`);
      for (const { ruleId, error } of result.failed) logger.error({ ruleId, error: String(error) }, "alert rule evaluation failed");
      for (const d of result.deliveries) if (d.status !== "delivered") logger.error({ deliveryId: d.deliveryId, channelId: d.channelId, partnerId: d.partnerId, attempt: d.attempt, status: d.status, error: d.error }, "alert delivery failed");
    },
    onError: (error) => logger.error({ error: String(error) }, "alert monitor"),
  });

  // Billing (only with STRIPE_SECRET_KEY): plans synced to Stripe at boot (idempotent), finished runs reported each minute.
  const stripe = stripeClientFromEnv(env);
  if (stripe) syncPlans({ stripe }).then((plans) => logger.info({ plans: plans.length }, "billing plans synced"), (error: unknown) => logger.error({ error: String(error) }, "billing plan sync"));
  const usage = stripe
    ? startPeriodicPass({
        pass: () => reportUsage({ pool: store.pool, stripe }),
        everyMs: 60_000,
        onResult: (result) => (result.sent || result.failed ? logger.info({ ...result }, "usage reported to Stripe") : undefined),
        onError: (error) => logger.error({ error: String(error) }, "usage reporter"),
      })
    : null;
  // Client invoices at each client's month end (on its partner's Stripe account), and dunning: grace ended → runs paused.
  const clientBilling = startPeriodicPass({
    pass: () => runClientBillingPass({ db, system: store.pool, stripe, applicationFeeBps: env.STRIPE_CONNECT_FEE_BPS, daysUntilDue: env.BILLING_CLIENT_DAYS_UNTIL_DUE }),
    everyMs: 60_000,
    onResult: ({ invoices, dunning }) => (invoices.length || dunning.length ? logger.info({ invoices, dunning }, "client billing pass") : undefined),
    onError: (error) => logger.error({ error: String(error) }, "client billing pass"),
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
  logger.info({ port: env.WORKER_PORT, concurrency: env.WORKER_CONCURRENCY }, "worker ready");

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    const graceMs = env.SHUTDOWN_GRACE_S * 1000;
    // Only if Redis or PostgreSQL hang the steps below: exit, and their job locks expire.
    setTimeout(() => process.exit(1), graceMs + 10_000).unref();
    // Schedules first: a slot being fired publishes its run's first step through the fleet's publisher.
    await Promise.all([schedules.stop(), quotas.stop(), approvalNotices.stop(), webhooks.stop(), health.stop(), triage.stop(), usage?.stop(), clientBilling.stop(), kpis.stop(), sla.stop(), alerts.stop()]);
    // Stop fetching and wait for in-flight steps; at the deadline, hand those
    // still running back to the queue, where another worker takes them at once.
    // That is safe: claiming and settling a step are compare-and-set on the
    // run's current step and attempt, so if this process still finishes one
    // before it exits, only the first delivery to settle advances the run, and
    // every side effect carries the step's idempotency key.
    const handedBack = await fleet.stop({ graceMs });
    if (handedBack > 0) logger.info({ count: handedBack }, "handed in-flight steps back to the queue");
    server.close();
    await Promise.allSettled([store.close(), redis.quit(), disconnectDbs(), telemetry.shutdown()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

// Before the logger exists (a bad environment) or after it failed: plain stderr, which the platform keeps.
main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
