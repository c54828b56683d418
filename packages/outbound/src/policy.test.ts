import { describe, expect, it } from "vitest";
import { compilePolicy, findRefusal, isForbiddenAddress } from "./policy";

const closed = { allowPrivate: false, allowlist: [] };
const open = { allowPrivate: true, allowlist: [] };

describe("isForbiddenAddress", () => {
  it("refuses every non-public kind by default and lets public addresses through", () => {
    for (const ip of ["127.0.0.1", "10.0.0.1", "169.254.1.1", "fe80::1", "fc00::1", "::", "0.0.0.0", "100.64.0.1", "::ffff:10.0.0.1", "169.254.169.254"]) {
      expect(isForbiddenAddress(ip, closed), ip).toBe(true);
    }
    for (const ip of ["8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(isForbiddenAddress(ip, closed), ip).toBe(false);
  });

  it("allowPrivate allows private targets but keeps metadata refused", () => {
    for (const ip of ["127.0.0.1", "10.0.0.1", "::1", "fd12::1", "::ffff:192.168.0.1"]) expect(isForbiddenAddress(ip, open), ip).toBe(false);
    for (const ip of ["169.254.169.254", "::ffff:169.254.169.254", "fd00:ec2::254", "100.100.100.200"]) {
      expect(isForbiddenAddress(ip, open), ip).toBe(true);
    }
  });

  it("the allowlist allows exactly the CIDRs it names", () => {
    const policy = { allowPrivate: false, allowlist: ["127.0.0.1/32", "10.1.0.0/16", "fd00:1::/32"] };
    expect(isForbiddenAddress("127.0.0.1", policy)).toBe(false);
    expect(isForbiddenAddress("127.0.0.2", policy)).toBe(true);
    expect(isForbiddenAddress("10.1.255.3", policy)).toBe(false);
    expect(isForbiddenAddress("10.2.0.1", policy)).toBe(true);
    expect(isForbiddenAddress("fd00:1::5", policy)).toBe(false);
    expect(isForbiddenAddress("fd00:2::5", policy)).toBe(true);
    // The mapped form reaches the same host as the IPv4 address the allowlist names.
    expect(isForbiddenAddress("::ffff:127.0.0.1", policy)).toBe(false);
  });

  it("allows a metadata address only through an entry naming that one host", () => {
    expect(isForbiddenAddress("169.254.169.254", { allowPrivate: true, allowlist: ["169.254.0.0/16"] })).toBe(true);
    expect(isForbiddenAddress("169.254.169.254", { allowPrivate: false, allowlist: ["0.0.0.0/0"] })).toBe(true);
    expect(isForbiddenAddress("169.254.169.254", { allowPrivate: false, allowlist: ["169.254.169.254/32"] })).toBe(false);
    expect(isForbiddenAddress("::ffff:169.254.169.254", { allowPrivate: false, allowlist: ["169.254.169.254"] })).toBe(false);
    expect(isForbiddenAddress("fd00:ec2::254", { allowPrivate: false, allowlist: ["fd00:ec2::254/128"] })).toBe(false);
  });

  it("names the kind it refused", () => {
    expect(findRefusal("10.0.0.1", compilePolicy(closed))).toEqual({ address: "10.0.0.1", kind: "private" });
    expect(findRefusal("8.8.8.8", compilePolicy(closed))).toBeUndefined();
  });
});

describe("compilePolicy", () => {
  it.each(["10.0.0.0/33", "10.0.0/8", "0x7f.1/32", "fd00::/129", "nonsense", "10.0.0.0/8/8", "10.0.0.0/"])("refuses the entry %s", (entry) => {
    expect(() => compilePolicy({ allowPrivate: false, allowlist: [entry] })).toThrow(`"${entry}" is not a CIDR`);
  });
});
