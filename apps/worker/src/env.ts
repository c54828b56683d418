import { defineEnv } from "@storeflow/env";
import { z } from "zod";

export const readWorkerEnv = defineEnv({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
});
