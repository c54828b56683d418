import { defineEnv } from "@storeflow/env";
import { z } from "zod";

export const readAuthEnv = defineEnv({
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (scripts/run.sh generates one)"),
  /** Public base URL of the portal; its scheme decides whether cookies are Secure. */
  PORTAL_URL: z.url().default("http://localhost:3000"),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  /** Prefix of the sign-in rate-limit keys in Redis; tests give each run its own. */
  RATE_LIMIT_PREFIX: z.string().min(1).default("sf:signin"),
});
