import { logFields } from "@storeflow/telemetry";
import { pino, type DestinationStream, type Logger, stdTimeFunctions } from "pino";
import { type TLoggingEnv } from "./env";
import { censorSecrets, REDACTED, REDACTED_KEYS } from "./redaction";

/** A JSON logger: pino's, so `child(bindings)` and `info(object, message)` are pino's. */
export type TLogger = Logger;

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** How the process names itself on every line ("storeflow-worker"). */
  service: string;
  /** The app's validated variables (see loggingEnv). */
  env?: TLoggingEnv;
  /** Where lines go. @defaultValue standard output */
  destination?: DestinationStream;
}

/**
 * The process's root logger: one JSON object per line with `level` (a name),
 * `time` (ISO 8601), `service`, `version`, `pid` and `msg`. Inside traced work
 * each line also carries `trace_id`, `span_id` and the partner, client and run
 * the work is for (see logFields).
 *
 * Secrets are censored by field name (see REDACTED_KEYS) before a line is
 * written: at any depth of the logged object, and at the top level of a child
 * logger's bindings (requestLogger and jobLogger censor theirs at any depth).
 * pino's `redact` does the top level only: each of its wildcard paths costs a
 * few microseconds per line (a hundred of them made a line 40 times dearer),
 * while one walk of a small object costs about as much as one path and has no
 * depth to miss.
 */
export function createLogger({ service, env = {}, destination }: CreateLoggerOptions): TLogger {
  const options = {
    level: env.LOG_LEVEL ?? "info",
    base: { service, version: env.STOREFLOW_VERSION ?? "dev", pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => censorSecrets(object),
    },
    // Top-level keys, in the logged object and in every child's bindings (pino formats only the root's).
    redact: { paths: [...REDACTED_KEYS].map((key) => `["${key}"]`), censor: REDACTED },
    mixin: () => logFields(),
    // logFields answers a shared frozen object outside traced work: never merge into it. The call's own fields win.
    mixinMergeStrategy: (merge: object, mixin: object) => (Object.keys(mixin).length === 0 ? merge : { ...mixin, ...merge }),
  };
  return destination ? pino(options, destination) : pino(options);
}
