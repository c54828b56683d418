import { builtInConnectors } from "@storeflow/connectors";
import { readDbEnv } from "@storeflow/db";
import { EnvError, readEnvs } from "@storeflow/env";
import { keyRingFromEnv, readSecretsEnv } from "@storeflow/secrets";
import { createLogger } from "@storeflow/logging";
import { startTelemetry } from "@storeflow/telemetry";
import { collectDefaultMetrics, Registry } from "prom-client";
import cluster from "node:cluster";
import pg from "pg";
import { readIngressEnv } from "./env";
import { createWebhookServer } from "./webhook-server";

type TIngressEnv = ReturnType<typeof readIngressEnv> & ReturnType<typeof readDbEnv> & ReturnType<typeof readSecretsEnv>;

/** JSON lines; a failure while receiving a webhook names its trace and span. */
const loggerFor = (env: Partial<TIngressEnv>) => createLogger({ service: "storeflow-ingress", env });

function serve(env: TIngressEnv) {
  const logger = loggerFor(env);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Per serving process (each cluster worker exports its own spans); nothing without OTEL_EXPORTER_OTLP_ENDPOINT.
  const telemetry = startTelemetry({ serviceName: "storeflow-ingress", env, onError: (error) => logger.error({ error: String(error) }, "trace export") });
  // The system scope, as the run executor's pool: every statement names its tenant.
  const db = new pg.Pool({ connectionString: env.APP_DATABASE_URL, max: env.INGRESS_DB_POOL, options: "-c app.system=on" });
  const server = createWebhookServer({
    db,
    catalog: builtInConnectors,
    ring: keyRingFromEnv(env),
    publicUrl: env.PORTAL_URL,
    onError: (error) => logger.error({ error: error instanceof Error ? error.message : String(error) }, "webhook ingress failed"),
    // With INGRESS_PROCESSES > 1 each process answers /metrics for itself: scale with pods instead (the manifests run one).
    registry,
  });
  server.keepAliveTimeout = 65_000;
  server.listen(env.INGRESS_PORT, () => logger.info({ port: env.INGRESS_PORT }, "ingress listening"));
  // In-flight requests finish (each is one short insert); then the pool closes.
  process.on("SIGTERM", () => server.close(() => void Promise.allSettled([db.end(), telemetry.shutdown()]).then(() => process.exit(0))));
}

function main() {
  const env = readEnvs(() => readDbEnv(), () => readSecretsEnv(), () => readIngressEnv());
  if (env.INGRESS_PROCESSES > 1 && cluster.isPrimary) {
    for (let i = 0; i < env.INGRESS_PROCESSES; i++) cluster.fork();
    const logger = loggerFor(env);
    cluster.on("exit", (worker, code) => logger[code === 0 ? "info" : "error"]({ worker: worker.process.pid, code }, "ingress process exited"));
    process.on("SIGTERM", () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    });
    return;
  }
  serve(env);
}

try {
  main();
} catch (error) {
  if (error instanceof EnvError) {
    loggerFor({}).error(error.message);
    process.exit(1);
  }
  throw error;
}
