import ipaddr from "ipaddr.js";
import { isInCidr, parseCidr, type TCidr } from "./cidr";
import { classifyAddress, type TAddressClassification } from "./classify-address";

/** Which non-public destinations the operator lets workers reach. */
export interface TOutboundPolicy {
  /**
   * Allow every loopback, private, link-local… target, for the simulator and tests.
   * Cloud metadata addresses stay refused.
   * @defaultValue false
   */
  allowPrivate: boolean;
  /**
   * CIDRs (`127.0.0.1/32`, `10.1.0.0/16`) allowed even when `allowPrivate` is false.
   * A metadata address is allowed only by an entry naming that one host (`/32`, `/128` or a bare address).
   * @defaultValue []
   */
  allowlist: readonly string[];
}

/** A policy with its allowlist parsed once, for checking every address of every request. */
export interface TCompiledPolicy {
  allowPrivate: boolean;
  allowlist: readonly TCidr[];
}

/** Parses the allowlist; throws a TypeError naming the first entry that is not a CIDR. */
export function compilePolicy(policy: TOutboundPolicy): TCompiledPolicy {
  const allowlist = policy.allowlist.map((entry) => {
    const cidr = parseCidr(entry);
    if (!cidr) throw new TypeError(`Outbound allowlist entry "${entry}" is not a CIDR such as 10.1.0.0/16`);
    return cidr;
  });
  return { allowPrivate: policy.allowPrivate, allowlist };
}

function namesHost(address: ipaddr.IPv4 | ipaddr.IPv6, cidr: TCidr): boolean {
  const fullLength = address.kind() === "ipv4" ? 32 : 128;
  return cidr[1] === fullLength && isInCidr(address, cidr);
}

/**
 * Returns the classification of `ip` when the policy refuses it, undefined when it
 * may be reached. An allowlist entry matches the address as written or the IPv4
 * address it carries: both reach the same host.
 */
export function findRefusal(ip: string, policy: TCompiledPolicy): TAddressClassification | undefined {
  const classification = classifyAddress(ip);
  if (classification.kind === "public") return undefined;
  const forms = [ipaddr.parse(ip), ...(classification.embeddedIPv4 ? [ipaddr.parse(classification.embeddedIPv4)] : [])];
  const listedBy = (match: (address: ipaddr.IPv4 | ipaddr.IPv6, cidr: TCidr) => boolean) =>
    policy.allowlist.some((cidr) => forms.some((address) => match(address, cidr)));
  if (classification.kind === "metadata") return listedBy(namesHost) ? undefined : classification;
  return policy.allowPrivate || listedBy(isInCidr) ? undefined : classification;
}

/** Whether the policy refuses `ip`. Throws a TypeError for a bad allowlist entry or a non-address. */
export function isForbiddenAddress(ip: string, policy: TOutboundPolicy): boolean {
  return findRefusal(ip, compilePolicy(policy)) !== undefined;
}
