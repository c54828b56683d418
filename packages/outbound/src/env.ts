import { defineEnv } from "@storeflow/env";
import { z } from "zod";
import { parseCidr } from "./cidr";

export const readOutboundEnv = defineEnv({
  /** `true` lets workers reach loopback and private networks (the simulator, tests); metadata addresses stay refused. */
  OUTBOUND_ALLOW_PRIVATE: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
  /** Comma-separated CIDRs reachable even when OUTBOUND_ALLOW_PRIVATE is false, e.g. `127.0.0.1/32,10.1.0.0/16`. */
  OUTBOUND_PRIVATE_ALLOWLIST: z
    .string()
    .optional()
    .transform((value, context) => {
      const entries = (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
      for (const entry of entries) {
        if (!parseCidr(entry)) context.addIssue({ code: "custom", message: `"${entry}" is not a CIDR such as 10.1.0.0/16 or fd00::/8` });
      }
      return entries;
    }),
});

export type TOutboundEnv = ReturnType<typeof readOutboundEnv>;
