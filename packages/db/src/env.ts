import { defineEnv } from "@storeflow/env";
import { z } from "zod";

export const readDbEnv = defineEnv({
  /** Login as storeflow_app: row-level security always applies. */
  APP_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  /** Owner/migrator login; used only by migrations, the seed and the platform-admin path. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
});
