import { builtInConnectors } from "@storeflow/connectors";
import { createRunStore } from "@storeflow/runs";
import { keyRingFromEnv } from "@storeflow/secrets";
import { acceptWebhook } from "../src/webhooks/accept-webhook";
import { buildShopifyDelivery } from "./deliveries";
import { type TLoadSettings } from "./run-load";
import { type TBenchConnection } from "./seed-connection";

/** acceptWebhook called directly, with as many calls in flight as the HTTP load has connections. */
export interface TInProcessOutcome {
  perSecond: number;
  /** This process's CPU time per call: the domain function and the pg driver, no HTTP. */
  cpuMsEach: number;
  /** Every delivery id a call resolved for: each must be stored. */
  acknowledged: string[];
}

/** Options for {@link measureAcceptInProcess}. */
export interface MeasureAcceptInProcessOptions {
  /** storeflow_app URL, pooled as the portal pools it. */
  appUrl: string;
  poolMax: number;
  connection: TBenchConnection;
  settings: TLoadSettings;
  idPrefix: string;
}

/**
 * The ingress without its HTTP server: the same calls the route makes, from this
 * process, so the gap to the route's figure is what Next.js and HTTP add.
 */
export async function measureAcceptInProcess({ appUrl, poolMax, connection, settings, idPrefix }: MeasureAcceptInProcessOptions): Promise<TInProcessOutcome> {
  const store = createRunStore({ url: appUrl, max: poolMax });
  const ring = keyRingFromEnv();
  const acknowledged: string[] = [];
  let index = 0;
  const accept = async () => {
    const delivery = buildShopifyDelivery({ secret: connection.clientSecret, shopDomain: connection.shopDomain, idPrefix, index: index++ });
    const request = { headers: delivery.headers, rawBody: delivery.body, url: `http://127.0.0.1${connection.webhookPath}`, receivedAt: new Date() };
    await acceptWebhook({ db: store.pool, catalog: builtInConnectors, ring, token: connection.webhookToken, request });
    acknowledged.push(delivery.id);
  };
  const runFor = async (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    await Promise.all(Array.from({ length: settings.connections }, async () => { while (performance.now() < until) await accept(); }));
  };
  try {
    await runFor(settings.warmupSeconds);
    const before = acknowledged.length;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await runFor(settings.seconds);
    const calls = acknowledged.length - before;
    const used = process.cpuUsage(cpu);
    return { perSecond: calls / ((performance.now() - started) / 1000), cpuMsEach: (used.user + used.system) / 1000 / calls, acknowledged };
  } finally {
    await store.close();
  }
}
