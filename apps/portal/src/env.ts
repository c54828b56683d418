import { readAuthEnv } from "@storeflow/auth";
import { readBillingEnv, readClientBillingEnv } from "@storeflow/billing";
import { readDbEnv } from "@storeflow/db";
import { defineEnv, readEnvs } from "@storeflow/env";
import { readMailEnv } from "@storeflow/mail";
import { readQueueEnv } from "@storeflow/queue";
import { readSecretsEnv } from "@storeflow/secrets";
import { loggingEnv } from "@storeflow/logging";
import { telemetryEnv } from "@storeflow/telemetry";
import { z } from "zod";

export const readObservabilityEnv = defineEnv({
  ...telemetryEnv,
  ...loggingEnv,
  /**
   * The bearer token Prometheus sends to GET /metrics. Unset: /metrics answers 404.
   * The portal has one public port, so the token is what keeps the numbers in-house.
   */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

/** Every variable the portal needs, validated together so one message lists all problems. */
export function readPortalEnv() {
  return readEnvs(() => readDbEnv(), () => readAuthEnv(), () => readMailEnv(), () => readQueueEnv(), () => readSecretsEnv(), () => readObservabilityEnv(), () => readBillingEnv(), () => readClientBillingEnv());
}
