import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** A parsed network: the address and how many leading bits are fixed. */
export type TCidr = readonly [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parses `10.1.0.0/16`, `fd00::/8`, or a bare address as a single host. Returns
 * undefined for anything else. The address part must be a plain dotted quad or
 * IPv6 literal: ipaddr.js alone would also take `0x7f.1`, which an operator
 * writing an allowlist almost certainly did not mean.
 */
export function parseCidr(text: string): TCidr | undefined {
  const [address = "", prefix, ...rest] = text.trim().split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return undefined;
  const maxBits = family === 4 ? 32 : 128;
  if (prefix === undefined) return [ipaddr.parse(address), maxBits];
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxBits) return undefined;
  return [ipaddr.parse(address), Number(prefix)];
}

/** Whether `address` lies inside `cidr`; an address of the other family never does. */
export function isInCidr(address: ipaddr.IPv4 | ipaddr.IPv6, cidr: TCidr): boolean {
  const [network, bits] = cidr;
  return address.kind() === network.kind() && address.match(network, bits);
}
