import { NonRetryableError } from "@storeflow/engine";

export type TPathParam = string | number | boolean;
export type TQueryValue = TPathParam | TPathParam[];

/** Options for {@link resolveRequestUrl}. */
export interface ResolveRequestUrlOptions {
  /** The connection's base URL; the result always stays under its origin and path. */
  baseUrl: string;
  /** Starts with one `/`; `{name}` placeholders are replaced by URL-encoded `params`. */
  path: string;
  params?: Record<string, TPathParam>;
  query?: Record<string, TQueryValue>;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
// RFC 3986 path characters (pchar and "/"): no "?", "#", "\", spaces or stray braces.
const PATH_LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;

function refuse(reason: string): NonRetryableError {
  return new NonRetryableError(`HTTP request refused: ${reason}`);
}

function renderPath(path: string, params: Record<string, TPathParam>): string {
  if (!path.startsWith("/") || path.startsWith("//")) throw refuse(`path must start with a single "/", got "${path.slice(0, 40)}"`);
  if (!PATH_LITERAL.test(path.replace(PLACEHOLDER, ""))) {
    throw refuse('path may hold only URL path characters and {name} placeholders; pass query parameters in "query"');
  }
  return path.replace(PLACEHOLDER, (_match, name: string) => {
    if (!Object.hasOwn(params, name)) throw refuse(`path needs the param "${name}", which is not set`);
    const value = String(params[name]);
    if (value === "" || value === "." || value === "..") throw refuse(`param "${name}" cannot be "${value}"`);
    return encodeURIComponent(value);
  });
}

/**
 * Builds the request URL without ever letting the path pick the host: the path is
 * appended to the base path as text, and the parsed result must keep the base's
 * origin and the exact path we built. URL parsing resolves dot segments (also
 * `%2e%2e`), so a path that changes when parsed is trying to climb out and is refused.
 */
export function resolveRequestUrl({ baseUrl, path, params = {}, query = {} }: ResolveRequestUrlOptions): URL {
  const base = new URL(baseUrl);
  const joined = `${base.pathname.replace(/\/+$/, "")}${renderPath(path, params)}`;
  const url = new URL(`${base.origin}${joined}`);
  if (url.origin !== base.origin || url.pathname !== joined) throw refuse("path would leave the connection's base URL");
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}
