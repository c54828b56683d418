import { defineEnv } from "@storeflow/env";
import { z } from "zod";

export const readAuthEnv = defineEnv({
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (scripts/run.sh generates one)"),
  /** Public base URL of the portal; its scheme decides whether cookies are Secure. */
  PORTAL_URL: z.url().default("http://localhost:3000"),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  /** Prefix of the sign-in rate-limit keys in Redis; tests give each run its own. */
  RATE_LIMIT_PREFIX: z.string().min(1).default("sf:signin"),
  /** Password sign-in attempts allowed per client IP and per e-mail address in 15 minutes. */
  SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  SIGN_IN_LIMIT_PER_EMAIL: z.coerce.number().int().positive().default(10),
});
