import { readOutboundEnv, type TOutboundEnv } from "./env";
import { type TGuardedFetchOptions } from "./guarded-fetch";
import { compilePolicy } from "./policy";
import { lookupAllAddresses, resolveDestination } from "./resolve-destination";

/**
 * The guard for protocols fetch does not carry (SMTP): resolves `host`, refuses it
 * like the guarded fetch would, and returns the vetted address to connect to, so
 * a second DNS answer cannot steer the connection elsewhere.
 */
export function createHostGuard(options: TGuardedFetchOptions): (host: string) => Promise<string> {
  const policy = compilePolicy(options);
  const lookup = options.lookup ?? lookupAllAddresses;
  return async (host) => {
    // A URL of the host alone gets the same literal-IP normalisation as fetched URLs.
    const url = new URL(`http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}/`);
    const [first] = await resolveDestination(url, { policy, lookup });
    return first!.address;
  };
}

/** The host guard the operator's OUTBOUND_* variables describe. */
export function hostGuardFromEnv(env: TOutboundEnv = readOutboundEnv()) {
  return createHostGuard({ allowPrivate: env.OUTBOUND_ALLOW_PRIVATE, allowlist: env.OUTBOUND_PRIVATE_ALLOWLIST });
}
