import { defineEnv } from "@storeflow/env";
import { z } from "zod";

/** What every process that publishes or consumes run steps needs, the portal and the worker alike. */
export const readQueueEnv = defineEnv({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  /** BullMQ key prefix, so environments can share a Redis; the portal and the worker must agree. */
  QUEUE_PREFIX: z.string().min(1).max(40).default("sf"),
});
