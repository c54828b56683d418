import { type LookupFunction } from "node:net";
import { Agent } from "undici";
import { type TResolvedAddress } from "./resolve-destination";

/**
 * An undici Agent that connects only to `addresses`, whatever the hostname now
 * resolves to. The addresses are the ones the guard has just checked, so a DNS
 * answer that changes between check and connect (rebinding) is never consulted.
 * The URL keeps the hostname, so the Host header and the TLS servername (SNI and
 * certificate check) stay the original name. One Agent serves one hop, since the
 * next hop may be another host with other checked addresses.
 */
export function createPinnedAgent(addresses: readonly TResolvedAddress[]): Agent {
  const [first] = addresses;
  if (!first) throw new TypeError("createPinnedAgent needs at least one address");
  const lookup: LookupFunction = (_hostname, options, callback) => {
    // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), one otherwise.
    if (options.all) callback(null, addresses.map(({ address, family }) => ({ address, family })));
    else callback(null, first.address, first.family);
  };
  return new Agent({ connect: { lookup } });
}
