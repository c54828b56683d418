import { NonRetryableError } from "@storeflow/engine";
import { isTracing, type Span, SpanKind, SpanStatusCode, withSpan } from "@storeflow/telemetry";
import { fetch as undiciFetch, type RequestInit as TUndiciRequestInit } from "undici";
import { BlockedDestinationError } from "./blocked-destination-error";
import { readOutboundEnv, type TOutboundEnv } from "./env";
import { createPinnedAgent } from "./pinned-agent";
import { compilePolicy, type TCompiledPolicy, type TOutboundPolicy } from "./policy";
import { followRedirect, readRedirectLocation, type THop } from "./redirects";
import { lookupAllAddresses, resolveDestination, type TLookup } from "./resolve-destination";

type TFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** The policy plus how redirects and DNS are handled. */
export interface TGuardedFetchOptions extends TOutboundPolicy {
  /**
   * Redirects followed (each one re-checked) before giving up.
   * @defaultValue 5
   */
  maxRedirects?: number;
  /**
   * Resolves a hostname to all its addresses; called once per hop.
   * @defaultValue `dns.lookup(hostname, { all: true })`
   */
  lookup?: TLookup;
}

// fetch upper-cases these and only these (WHATWG fetch, "normalize a method").
const NORMALISED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

function normaliseMethod(method: string): string {
  return NORMALISED_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method;
}

async function fetchHop(hop: THop, context: { init: RequestInit; policy: TCompiledPolicy; lookup: TLookup }): Promise<Response> {
  const { init, policy, lookup } = context;
  const addresses = await resolveDestination(hop.url, { policy, lookup, signal: init.signal });
  const dispatcher = createPinnedAgent(addresses);
  const hopInit = { ...init, method: hop.method, headers: hop.headers, body: hop.body, redirect: "manual", dispatcher };
  try {
    // The global and undici's fetch types differ in detail (iterator helpers), not in what they accept.
    const response = await undiciFetch(hop.url, hopInit as unknown as TUndiciRequestInit);
    // Resolves once the body has been read (or cancelled), then frees the socket.
    void dispatcher.close().catch(() => undefined);
    // undici's own Response: the same API as the global one, though not `instanceof` it.
    return response as unknown as Response;
  } catch (error) {
    void dispatcher.destroy().catch(() => undefined);
    throw error;
  }
}

/**
 * A fetch for tenant-configured URLs. Each hop (the first request and every redirect)
 * is checked before any connection: http/https only, no credentials in the URL, and
 * every address the host resolves to must pass the policy; the connection then goes to
 * exactly those checked addresses. A refusal throws BlockedDestinationError.
 * `redirect: "manual"` returns the 3xx as is; `"error"` throws on one.
 * Each call, its redirects included, is one `HTTP <method>` client span holding
 * the method, host, port and status, never the path, query or headers.
 */
export function createGuardedFetch(options: TGuardedFetchOptions): TFetch {
  const policy = compilePolicy(options);
  const lookup = options.lookup ?? lookupAllAddresses;
  const maxRedirects = options.maxRedirects ?? 5;

  return async (input, init = {}) => {
    const url = new URL(input);
    const method = normaliseMethod(init.method ?? "GET");
    if (!isTracing()) return fetchFollowing(url, method, init, undefined);
    // Method and host only: paths and query strings carry tenants' tokens (a Slack webhook URL is one), headers their keys.
    const attributes = { "http.request.method": method, "server.address": url.hostname, "server.port": Number(url.port) || (url.protocol === "https:" ? 443 : 80) };
    return withSpan(`HTTP ${method}`, attributes, (span) => fetchFollowing(url, method, init, span), { kind: SpanKind.CLIENT, errorMessages: false });
  };

  async function fetchFollowing(url: URL, method: string, init: RequestInit, span: Span | undefined): Promise<Response> {
    const mode = init.redirect ?? "follow";
    let hop: THop = { url, method, headers: new Headers(init.headers), body: init.body };
    let redirectedBy: string | undefined;
    for (let redirects = 0; ; redirects++) {
      const response = await fetchHop(hop, { init, policy, lookup }).catch((error: unknown) => {
        throw redirectedBy && error instanceof BlockedDestinationError ? error.withRedirectFrom(redirectedBy) : error;
      });
      const location = mode === "manual" ? undefined : readRedirectLocation(response, hop.url);
      if (!location) {
        if (redirects > 0) Object.defineProperty(response, "redirected", { value: true });
        span?.setAttribute("http.response.status_code", response.status);
        if (response.status >= 400) span?.setStatus({ code: SpanStatusCode.ERROR });
        if (redirects > 0) span?.setAttribute("http.request.resend_count", redirects);
        return response;
      }
      await response.body?.cancel();
      if (mode === "error") {
        throw new NonRetryableError(`"${hop.url.host}" answered ${response.status} with a redirect to "${location.host}", and redirect: "error" was asked for`);
      }
      if (redirects >= maxRedirects) {
        throw new NonRetryableError(`Gave up after ${maxRedirects} redirects, starting at "${url.host}"; the next would go to "${location.host}"`);
      }
      redirectedBy = hop.url.host;
      hop = followRedirect(hop, { status: response.status, location });
    }
  }
}

/** The guarded fetch the operator's OUTBOUND_* variables describe. */
export function guardedFetchFromEnv(env: TOutboundEnv = readOutboundEnv()): TFetch {
  return createGuardedFetch({ allowPrivate: env.OUTBOUND_ALLOW_PRIVATE, allowlist: env.OUTBOUND_PRIVATE_ALLOWLIST });
}
