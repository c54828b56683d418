import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * The logging variables every app reads, spread into the app's own env schema
 * (`defineEnv({ ...loggingEnv, ... })`) so they are validated at boot with the rest.
 */
export const loggingEnv = {
  /** Lines below this level are dropped. @defaultValue "info" */
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  /** What each line reports as the build's version (the image tag). @defaultValue "dev" */
  STOREFLOW_VERSION: z.string().min(1).max(100).default("dev"),
};

export type TLoggingEnv = { [K in keyof typeof loggingEnv]?: z.infer<(typeof loggingEnv)[K]> };
