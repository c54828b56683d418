import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { BlockedDestinationError } from "./blocked-destination-error";
import { findRefusal, type TCompiledPolicy } from "./policy";

/** One address a host resolves to, in the shape of `dns.lookup(host, { all: true })`. */
export interface TResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a hostname to every address it has; tests inject one to play DNS. */
export type TLookup = (hostname: string) => Promise<readonly TResolvedAddress[]>;

export const lookupAllAddresses: TLookup = (hostname) => dnsLookup(hostname, { all: true });

const ALLOWED_PROTOCOLS = new Set(["http:", "https:"]);

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (dns.lookup cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    // A long-lived signal (worker shutdown) sees many requests: drop the listener once settled.
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

async function resolveHost(hostname: string, options: { lookup: TLookup; signal?: AbortSignal | null }): Promise<readonly TResolvedAddress[]> {
  let addresses: readonly TResolvedAddress[];
  try {
    addresses = await untilAborted(options.lookup(hostname), options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // The shape undici gives a failed connection, so callers (and classifyError) treat DNS failures alike.
    throw new TypeError("fetch failed", { cause: error });
  }
  if (addresses.length === 0) throw new TypeError("fetch failed", { cause: new Error(`"${hostname}" has no addresses`) });
  return addresses;
}

/**
 * Decides whether `url` may be fetched and returns the addresses to connect to.
 * Every address must pass, not just the first: the connection may use any of them.
 * Throws BlockedDestinationError for a refused scheme, credentials, or address.
 */
export async function resolveDestination(
  url: URL,
  options: { policy: TCompiledPolicy; lookup: TLookup; signal?: AbortSignal | null },
): Promise<readonly TResolvedAddress[]> {
  // WHATWG parsing has already turned 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
    // file: and data: URLs have no host to name.
    const target = host ? ` to "${host}"` : "";
    throw new BlockedDestinationError(`Outbound request${target} refused: only http and https are allowed, not ${url.protocol}`, { host });
  }
  if (url.username || url.password) {
    throw new BlockedDestinationError(`Outbound request to "${host}" refused: the URL carries credentials; send them in a header`, { host });
  }
  const family = isIP(host);
  const literal = family !== 0;
  const addresses = literal ? [{ address: host, family }] : await resolveHost(host, options);
  for (const { address } of addresses) {
    const refusal = findRefusal(address, options.policy);
    if (refusal) throw BlockedDestinationError.forAddress({ host, address: refusal, literal });
  }
  return addresses;
}
