import { timingSafeEqual } from "node:crypto";

/**
 * Whether a scrape may read the metrics: its `Authorization` header is
 * `Bearer <token>`. Compared in constant time; without a token configured nothing may.
 */
export function isAuthorizedScrape(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token || !authorization?.startsWith("Bearer ")) return false;
  const given = Buffer.from(authorization.slice("Bearer ".length));
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
