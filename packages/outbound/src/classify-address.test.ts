import { describe, expect, it } from "vitest";
import { classifyAddress, type TAddressKind } from "./classify-address";

const CASES: [string, TAddressKind][] = [
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["93.184.216.34", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["169.254.1.1", "linkLocal"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["255.255.255.255", "broadcast"],
  ["100.64.0.1", "carrierGradeNat"],
  ["100.127.255.255", "carrierGradeNat"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["198.19.255.255", "reserved"],
  ["198.51.100.7", "reserved"],
  ["203.0.113.9", "reserved"],
  ["240.0.0.1", "reserved"],
  ["169.254.169.254", "metadata"],
  ["169.254.170.2", "metadata"],
  ["100.100.100.200", "metadata"],
  ["2606:4700:4700::1111", "public"],
  ["2a00:1450:4001:80b::200e", "public"],
  ["::1", "loopback"],
  ["::", "unspecified"],
  ["fe80::1", "linkLocal"],
  ["febf::1", "linkLocal"],
  ["fc00::1", "uniqueLocal"],
  ["fd12:3456::1", "uniqueLocal"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "reserved"],
  ["2001:2::1", "reserved"],
  ["2001::1", "reserved"],
  ["100::1", "reserved"],
  ["fec0::1", "reserved"],
  // IPv4-compatible (deprecated) and unassigned space outside 2000::/3.
  ["::7f00:1", "reserved"],
  ["4000::1", "reserved"],
  ["fd00:ec2::254", "metadata"],
];

describe("classifyAddress", () => {
  it.each(CASES)("%s is %s", (ip, kind) => {
    expect(classifyAddress(ip).kind).toBe(kind);
  });

  it.each([
    ["::ffff:127.0.0.1", "127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "169.254.169.254", "metadata"],
    ["::ffff:8.8.8.8", "8.8.8.8", "public"],
    ["::ffff:0:a9fe:a9fe", "169.254.169.254", "metadata"],
    ["64:ff9b::10.0.0.1", "10.0.0.1", "private"],
    ["64:ff9b::7f00:1", "127.0.0.1", "loopback"],
    ["64:ff9b::808:808", "8.8.8.8", "public"],
    ["2002:a9fe:a9fe::1", "169.254.169.254", "metadata"],
    ["2002:c0a8:0101::", "192.168.1.1", "private"],
    ["2002:0808:0808::1", "8.8.8.8", "public"],
  ] as const)("unwraps %s to %s (%s)", (ip, embedded, kind) => {
    expect(classifyAddress(ip)).toMatchObject({ kind, embeddedIPv4: embedded });
  });

  it("treats local-use NAT64 as private: it translates into the operator's own network", () => {
    expect(classifyAddress("64:ff9b:1::808:808").kind).toBe("private");
  });

  it("normalises the address it reports", () => {
    expect(classifyAddress("0:0:0:0:0:0:0:1").address).toBe("::1");
    expect(classifyAddress("FD00:0EC2:0000::0254").address).toBe("fd00:ec2::254");
  });

  it("throws for a string that is not an address", () => {
    expect(() => classifyAddress("example.com")).toThrow(TypeError);
    expect(() => classifyAddress("")).toThrow(/not an IP address/);
  });
});
