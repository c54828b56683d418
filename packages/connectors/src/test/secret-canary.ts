import { randomBytes } from "node:crypto";

/**
 * Marks the secrets integration tests type: `./scripts/test.sh` fails when this
 * text shows up anywhere in the whole run's output, so a secret that leaks into
 * a log line or an error message is caught whichever test leaked it.
 */
export const SECRET_CANARY = "sfcanary7d3e9b1f";

/** A unique secret value carrying the canary, e.g. for an API key or a webhook secret. */
export const canarySecret = (label: string) => `${SECRET_CANARY}-${label}-${randomBytes(10).toString("hex")}`;
