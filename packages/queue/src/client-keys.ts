/**
 * Redis keys of one client's shared counters. The hash tag puts them on one
 * Redis Cluster slot, so a script may touch them together.
 */
export function clientKeys(prefix: string, clientId: string) {
  const tag = `${prefix}:{client:${clientId}}`;
  return {
    /** Step jobs queued or running (fair-share priority). */
    fair: `${tag}:fair`,
    /** Leases of the steps executing now (concurrency limit). */
    slots: `${tag}:slots`,
    /** The client's concurrency limit as a worker last read it, for publishers (who do not read the database). */
    limit: `${tag}:limit`,
    /** Ids of delayed step jobs waiting for a slot, oldest first. */
    parked: `${tag}:parked`,
    /** The client's runs a minute (0: no limit) as a worker last read it, for publishers. */
    startRate: `${tag}:start-rate`,
    /** Token bucket of run starts (runs per minute). */
    starts: `${tag}:starts`,
    /** Starts holding a token, by run id, scored by when it is due. */
    startsReserved: `${tag}:starts:reserved`,
  };
}
