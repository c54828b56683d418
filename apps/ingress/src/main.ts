import { builtInConnectors } from "@storeflow/connectors";
import { readDbEnv } from "@storeflow/db";
import { EnvError, readEnvs } from "@storeflow/env";
import { keyRingFromEnv, readSecretsEnv } from "@storeflow/secrets";
import { logFields, startTelemetry } from "@storeflow/telemetry";
import cluster from "node:cluster";
import pg from "pg";
import { readIngressEnv } from "./env";
import { createWebhookServer } from "./webhook-server";

/** One JSON line; a failure while receiving a webhook names its trace and span (see logFields). */
function log(level: "info" | "error", msg: string, extra: Record<string, unknown> = {}) {
  console[level === "error" ? "error" : "log"](JSON.stringify({ level, msg, pid: process.pid, ...logFields(), ...extra }));
}

function serve(env: ReturnType<typeof readIngressEnv> & ReturnType<typeof readDbEnv> & ReturnType<typeof readSecretsEnv>) {
  // Per serving process (each cluster worker exports its own spans); nothing without OTEL_EXPORTER_OTLP_ENDPOINT.
  const telemetry = startTelemetry({ serviceName: "storeflow-ingress", env, onError: (error) => log("error", "trace export", { error: String(error) }) });
  // The system scope, as the run executor's pool: every statement names its tenant.
  const db = new pg.Pool({ connectionString: env.APP_DATABASE_URL, max: env.INGRESS_DB_POOL, options: "-c app.system=on" });
  const server = createWebhookServer({
    db,
    catalog: builtInConnectors,
    ring: keyRingFromEnv(env),
    publicUrl: env.PORTAL_URL,
    onError: (error) => log("error", "webhook ingress failed", { error: error instanceof Error ? error.message : String(error) }),
  });
  server.keepAliveTimeout = 65_000;
  server.listen(env.INGRESS_PORT, () => log("info", "ingress listening", { port: env.INGRESS_PORT }));
  // In-flight requests finish (each is one short insert); then the pool closes.
  process.on("SIGTERM", () => server.close(() => void Promise.allSettled([db.end(), telemetry.shutdown()]).then(() => process.exit(0))));
}

function main() {
  const env = readEnvs(() => readDbEnv(), () => readSecretsEnv(), () => readIngressEnv());
  if (env.INGRESS_PROCESSES > 1 && cluster.isPrimary) {
    for (let i = 0; i < env.INGRESS_PROCESSES; i++) cluster.fork();
    cluster.on("exit", (worker, code) => log(code === 0 ? "info" : "error", "ingress process exited", { worker: worker.process.pid, code }));
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
    log("error", error.message);
    process.exit(1);
  }
  throw error;
}
