/**
 * undici reports every network failure as `TypeError: fetch failed` and keeps the
 * useful part (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`; that part names
 * host and port at most, never the path, so it is safe for webhook URLs too.
 */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? error.message;
}
