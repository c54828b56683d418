/**
 * Origins on a partner's own host. The portal reads the partner from `<slug>.<portal domain>`
 * (apps/portal/src/server/brand.ts); Chromium resolves every *.localhost name to loopback, so
 * `northwind.localhost:3100` reaches the e2e portal. Node does not resolve them: anything a
 * spec sends outside the browser goes to the portal's own origin instead.
 */
const portal = new URL(process.env.PORTAL_URL ?? "http://localhost:3100");

/** The portal's own origin, e.g. http://localhost:3100, reachable from Node. */
export const PORTAL_ORIGIN = portal.origin;

/** http://<slug>.localhost:3100 for the e2e portal. */
export function partnerOrigin(slug: string): string {
  const url = new URL(portal.origin);
  url.hostname = `${slug}.${portal.hostname}`;
  return url.origin;
}

/** The same path and query on another origin (links in e-mails name the portal's own). */
export function onOrigin(link: string, origin: string): string {
  const url = new URL(link, origin);
  return `${origin}${url.pathname}${url.search}`;
}
