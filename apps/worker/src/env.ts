import { defineEnv } from "@storeflow/env";
import { loggingEnv } from "@storeflow/logging";
import { telemetryEnv } from "@storeflow/telemetry";
import { z } from "zod";

export const readWorkerEnv = defineEnv({
  ...telemetryEnv,
  ...loggingEnv,
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** Steps in flight in this process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(16),
  /** Seconds before the reconciler first asks the queue about a run's published work. */
  RUN_CHECK_AFTER_S: z.coerce.number().int().min(1).max(3600).default(30),
  /** Seconds SIGTERM waits for in-flight steps before handing them back. */
  SHUTDOWN_GRACE_S: z.coerce.number().int().min(1).max(600).default(25),
  /** The portal's public URL, as people reach it: approval e-mails link to it. */
  PORTAL_URL: z
    .url({ protocol: /^https?$/, error: "must be the portal's public http(s) URL, such as https://portal.example.com" })
    .default("http://localhost:3000"),
});
