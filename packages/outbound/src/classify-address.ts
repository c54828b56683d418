import ipaddr from "ipaddr.js";

/** What kind of destination an address is; everything but `public` is refused by default. */
export type TAddressKind =
  | "public"
  | "loopback"
  | "private"
  | "linkLocal"
  | "uniqueLocal"
  | "multicast"
  | "unspecified"
  | "broadcast"
  | "carrierGradeNat"
  | "reserved"
  | "metadata";

export interface TAddressClassification {
  /** The address as ipaddr.js prints it (IPv6 compressed). */
  address: string;
  kind: TAddressKind;
  /** The IPv4 address an IPv4-mapped, IPv4-translated, NAT64 or 6to4 form carries; `kind` is that address's. */
  embeddedIPv4?: string;
}

/**
 * Instance metadata and credential endpoints. They are refused even when private
 * targets are allowed, because one request there hands out the worker's cloud
 * credentials. AWS/GCP/Azure/OCI IMDS, AWS ECS task credentials, AWS IMDS over
 * IPv6, Alibaba Cloud, and Azure's WireServer (a public address, hence listed).
 */
const METADATA_ADDRESSES = new Set(
  ["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "168.63.129.16"].map((a) => ipaddr.parse(a).toNormalizedString()),
);

// ipaddr.js range names. A name missing here (a range added by a later ipaddr.js) is
// refused as reserved: unknown space fails closed.
const IPV4_KINDS: Record<string, TAddressKind> = {
  unicast: "public",
  // Anycast services on globally routed addresses.
  as112: "public",
  amt: "public",
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "linkLocal",
  loopback: "loopback",
  carrierGradeNat: "carrierGradeNat",
  private: "private",
  reserved: "reserved",
};

const IPV6_KINDS: Record<string, TAddressKind> = {
  unicast: "public",
  unspecified: "unspecified",
  linkLocal: "linkLocal",
  multicast: "multicast",
  loopback: "loopback",
  uniqueLocal: "uniqueLocal",
  // Local-use NAT64 (64:ff9b:1::/48) translates into the operator's own network.
  rfc6052: "private",
};

// Only 2000::/3 is allocated as global unicast; anything ipaddr.js calls unicast outside it is unassigned.
const GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("2000::"), 3];
const WELL_KNOWN_NAT64: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("64:ff9b::"), 96];

function ipv4FromWords(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** The IPv4 address an IPv6 form routes to, for the forms whose IPv4 part sits at a fixed place. */
function unwrapIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  const [, w1 = 0, w2 = 0, , , , w6 = 0, w7 = 0] = address.parts;
  if (range === "ipv4Mapped") return address.toIPv4Address();
  if (range === "rfc6145") return ipv4FromWords(w6, w7);
  if (range === "rfc6052" && address.match(WELL_KNOWN_NAT64)) return ipv4FromWords(w6, w7);
  if (range === "6to4") return ipv4FromWords(w1, w2);
  return undefined;
}

function kindOf(address: ipaddr.IPv4 | ipaddr.IPv6): TAddressKind {
  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return "metadata";
  if (address.kind() === "ipv4") return IPV4_KINDS[address.range()] ?? "reserved";
  const kind = IPV6_KINDS[address.range()] ?? "reserved";
  return kind === "public" && !address.match(GLOBAL_UNICAST) ? "reserved" : kind;
}

/**
 * Says what kind of destination `ip` is. IPv6 forms that carry an IPv4 address are
 * judged by that address, so `::ffff:10.0.0.1` and `64:ff9b::a00:1` are private.
 * Throws a TypeError for a string that is not an IP address.
 */
export function classifyAddress(ip: string): TAddressClassification {
  if (!ipaddr.isValid(ip)) throw new TypeError(`"${ip}" is not an IP address`);
  const parsed = ipaddr.parse(ip);
  const address = parsed.toString();
  if (parsed.kind() === "ipv6") {
    const embedded = unwrapIPv4(parsed as ipaddr.IPv6);
    if (embedded) return { address, kind: kindOf(embedded), embeddedIPv4: embedded.toString() };
  }
  return { address, kind: kindOf(parsed) };
}
