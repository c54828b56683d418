import { AsyncResource } from "node:async_hooks";
import pThrottle from "p-throttle";

/** How far behind its rate a client's starts are held before its further starts are paced. */
export const HELD_BEHIND_MS = 1_000;
/** The window paced starts are counted in, and how many of a client's a window takes. */
export const PACING_WINDOW_MS = 100;
export const PACED_STARTS_PER_WINDOW = 64;

type TPaced = (start: () => Promise<unknown>) => Promise<unknown>;

/**
 * Paces the run starts a process records for clients whose starts it saw held
 * back for their rate more than HELD_BEHIND_MS, for as long as the last hold
 * says a new start would be held that long: recording them sooner moves none
 * of them sooner, and a flood of them recorded as fast as callers send takes
 * the cores and connections other clients' runs need now. Such a client gets
 * PACED_STARTS_PER_WINDOW starts each PACING_WINDOW_MS: a caller starting one
 * run after another (the webhook relay) seldom notices, while a flood's many
 * callers go in a window's worth at a time, which the run store records as
 * one statement, the cheapest way to record them. A caller past a window's
 * worth waits for the next window; none is turned away (`onPaced` is told of
 * each that waits). Every other client's starts go at once.
 */
export function createStartPacing({ onPaced }: { onPaced?: () => void } = {}) {
  const behindUntil = new Map<string, number>();
  const paced = new Map<string, TPaced>();
  return {
    /** Told how long one of the client's starts was just held back. */
    held(clientId: string, holdMs: number) {
      if (holdMs < HELD_BEHIND_MS) return;
      behindUntil.set(clientId, Math.max(behindUntil.get(clientId) ?? 0, Date.now() + holdMs - HELD_BEHIND_MS));
    },
    /** Runs `start` now, or in a later window while its client is behind. */
    admit<T>(clientId: string, start: () => Promise<T>): Promise<T> {
      if ((behindUntil.get(clientId) ?? 0) <= Date.now()) {
        behindUntil.delete(clientId);
        paced.delete(clientId);
        return start();
      }
      let ofClient = paced.get(clientId);
      if (!ofClient) paced.set(clientId, (ofClient = pThrottle({ limit: PACED_STARTS_PER_WINDOW, interval: PACING_WINDOW_MS, ...(onPaced ? { onDelay: onPaced } : {}) })((go: () => Promise<unknown>) => go())));
      // Bound here: a delayed start is run by a timer, and its spans and tenant must stay its caller's.
      return ofClient(AsyncResource.bind(start)) as Promise<T>;
    },
  };
}
