import { EnvError } from "@storeflow/env";
import { describe, expect, it } from "vitest";
import { readOutboundEnv } from "./env";

describe("readOutboundEnv", () => {
  it("refuses private targets unless told otherwise", () => {
    expect(readOutboundEnv({})).toEqual({ OUTBOUND_ALLOW_PRIVATE: false, OUTBOUND_PRIVATE_ALLOWLIST: [] });
  });

  it("reads the switch and a comma-separated allowlist", () => {
    expect(readOutboundEnv({ OUTBOUND_ALLOW_PRIVATE: "true", OUTBOUND_PRIVATE_ALLOWLIST: "127.0.0.1/32, 10.1.0.0/16,,fd00::/8" })).toEqual({
      OUTBOUND_ALLOW_PRIVATE: true,
      OUTBOUND_PRIVATE_ALLOWLIST: ["127.0.0.1/32", "10.1.0.0/16", "fd00::/8"],
    });
    expect(readOutboundEnv({ OUTBOUND_ALLOW_PRIVATE: "false" }).OUTBOUND_ALLOW_PRIVATE).toBe(false);
  });

  it("names the variable and the entry that is wrong", () => {
    expect(() => readOutboundEnv({ OUTBOUND_PRIVATE_ALLOWLIST: "127.0.0.1/32,10.1.0.0/33" })).toThrow(
      /OUTBOUND_PRIVATE_ALLOWLIST: "10\.1\.0\.0\/33" is not a CIDR/,
    );
    expect(() => readOutboundEnv({ OUTBOUND_ALLOW_PRIVATE: "yes" })).toThrow(EnvError);
    expect(() => readOutboundEnv({ OUTBOUND_ALLOW_PRIVATE: "yes" })).toThrow(/OUTBOUND_ALLOW_PRIVATE: must be "true" or "false"/);
  });
});
