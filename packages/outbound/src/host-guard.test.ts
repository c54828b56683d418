import { describe, expect, it } from "vitest";
import { BlockedDestinationError } from "./blocked-destination-error";
import { createHostGuard } from "./host-guard";

const publicLookup = async () => [{ address: "93.184.216.34", family: 4 }];

describe("host guard", () => {
  it("returns the vetted address of a public host", async () => {
    expect(await createHostGuard({ allowPrivate: false, allowlist: [], lookup: publicLookup })("smtp.example.com")).toBe("93.184.216.34");
  });

  it("refuses private, loopback and metadata hosts, literal or resolved", async () => {
    const guard = createHostGuard({ allowPrivate: false, allowlist: [], lookup: async () => [{ address: "10.0.0.7", family: 4 }] });
    for (const host of ["127.0.0.1", "::1", "169.254.169.254", "0x7f.1", "mail.internal.test"]) {
      await expect(guard(host), host).rejects.toBeInstanceOf(BlockedDestinationError);
    }
  });

  it("lets an allowlisted address through", async () => {
    expect(await createHostGuard({ allowPrivate: false, allowlist: ["127.0.0.1/32"] })("127.0.0.1")).toBe("127.0.0.1");
  });
});
