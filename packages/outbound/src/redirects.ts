/** What changes from one hop to the next; everything else in the caller's init is kept. */
export interface THop {
  url: URL;
  method: string;
  headers: Headers;
  body: RequestInit["body"];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Headers that describe the body: dropped with it when a redirect turns the request into a GET.
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

// What fetch drops when a redirect leaves the origin, so a tenant's URL cannot bounce our credentials elsewhere.
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/** The redirect target of `response`, or undefined when it is not a redirect fetch would follow. */
export function readRedirectLocation(response: Response, base: URL): URL | undefined {
  const location = response.headers.get("location");
  if (!REDIRECT_STATUSES.has(response.status) || location === null) return undefined;
  return new URL(location, base);
}

function isReplayable(body: RequestInit["body"]): boolean {
  return body === null || body === undefined || !(body instanceof ReadableStream);
}

/**
 * The request fetch would send after `status` redirected `hop` to `location`
 * (WHATWG fetch, HTTP-redirect fetch): 303 turns anything but HEAD into a body-less
 * GET, 301/302 do so for POST, 307/308 resend method and body unchanged.
 * Throws a TypeError for a 307/308 whose streamed body cannot be sent twice.
 */
export function followRedirect(hop: THop, options: { status: number; location: URL }): THop {
  const { status, location } = options;
  const headers = new Headers(hop.headers);
  let { method, body } = hop;
  const toGet = (status === 303 && method !== "GET" && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST");
  if (toGet) {
    method = "GET";
    body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  } else if (!isReplayable(body)) {
    throw new TypeError(`Cannot follow a ${status} redirect to ${location.origin}: a streamed request body cannot be sent again`);
  }
  if (location.origin !== hop.url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
  return { url: location, method, headers, body };
}
