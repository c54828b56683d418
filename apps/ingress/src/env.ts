import { defineEnv } from "@storeflow/env";
import { loggingEnv } from "@storeflow/logging";
import { telemetryEnv } from "@storeflow/telemetry";
import { z } from "zod";

export const readIngressEnv = defineEnv({
  ...telemetryEnv,
  ...loggingEnv,
  INGRESS_PORT: z.coerce.number().int().min(1).max(65_535).default(3002),
  /** Processes serving the port (node:cluster); each holds its own pool. @defaultValue 1 */
  INGRESS_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /** PostgreSQL connections per process. */
  INGRESS_DB_POOL: z.coerce.number().int().min(1).max(100).default(16),
  /** The public URL vendors post to; vendors that sign the URL (Square) signed this one. */
  PORTAL_URL: z.url({ protocol: /^https?$/, error: "must be the public http(s) URL webhooks are sent to" }).default("http://localhost:3000"),
});
