import "server-only";
import { WEBHOOK_REJECTIONS } from "@storeflow/connections";
import { createLogger, requestIdOf, requestLogger, type TLogger, type TRequestBindings } from "@storeflow/logging";
import { createHttpMetrics, createWebhookMetrics, type THttpMetrics, type TWebhookMetrics } from "@storeflow/metrics";
import { collectDefaultMetrics, Registry } from "prom-client";
import { readPortalEnv } from "../env";

interface TObservability {
  logger: TLogger;
  registry: Registry;
  http: THttpMetrics;
  webhooks: TWebhookMetrics;
}

// On globalThis: Next.js loads this module once per bundle (instrumentation, each route), and
// a second registry would split the counters and register process metrics twice.
const KEY = Symbol.for("storeflow.portal.observability");

/** The portal process's root logger and metrics registry, made on first use. */
export function observability(): TObservability {
  const holder = globalThis as { [KEY]?: TObservability };
  if (!holder[KEY]) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    holder[KEY] = {
      logger: createLogger({ service: "storeflow-portal", env: readPortalEnv() }),
      registry,
      http: createHttpMetrics(registry),
      webhooks: createWebhookMetrics(registry, WEBHOOK_REJECTIONS),
    };
  }
  return holder[KEY];
}

/** The logger for one request: its id (the caller's x-request-id or a new one), route group and whatever ids are known. */
export function loggerForRequest(request: Request, bindings: Omit<TRequestBindings, "requestId">): TLogger {
  return requestLogger(observability().logger, { requestId: requestIdOf(request.headers), ...bindings });
}
