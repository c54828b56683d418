import { readAuthEnv } from "@storeflow/auth";
import { readDbEnv } from "@storeflow/db";
import { defineEnv, readEnvs } from "@storeflow/env";
import { readMailEnv } from "@storeflow/mail";
import { readQueueEnv } from "@storeflow/queue";
import { readSecretsEnv } from "@storeflow/secrets";
import { telemetryEnv } from "@storeflow/telemetry";

const readTelemetryEnv = defineEnv(telemetryEnv);

/** Every variable the portal needs, validated together so one message lists all problems. */
export function readPortalEnv() {
  return readEnvs(() => readDbEnv(), () => readAuthEnv(), () => readMailEnv(), () => readQueueEnv(), () => readSecretsEnv(), () => readTelemetryEnv());
}
