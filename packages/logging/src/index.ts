export { jobLogger, requestIdOf, requestLogger, type TJobBindings, type TRequestBindings } from "./children";
export { LOG_LEVELS, loggingEnv, type TLoggingEnv } from "./env";
export { createLogger, type CreateLoggerOptions, type TLogger } from "./logger";
export { censorSecrets, REDACTED, REDACTED_KEYS } from "./redaction";
