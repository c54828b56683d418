import { AsyncResource } from "node:async_hooks";

/** How far behind its rate a client's starts are held before its further starts take turns. */
export const HELD_BEHIND_MS = 1_000;
/** Between one turn's starts being recorded and the next turn. */
export const TURN_EVERY_MS = 100;
/** Starts a turn admits together: one start statement's worth (the run store's batch). */
export const STARTS_PER_TURN = 64;

/**
 * Paces the run starts a process records for clients whose starts it saw held
 * back for their rate more than HELD_BEHIND_MS, for as long as the last hold
 * says a new start would be held that long: recording them sooner moves none
 * of them sooner, and a flood of them recorded as fast as callers send takes
 * the cores and connections other clients' runs need now. Such a client's
 * starts wait for turns instead: each admits up to STARTS_PER_TURN of them at
 * once (they go in as one statement, the cheapest way to record them), and
 * the next comes TURN_EVERY_MS after they are recorded, so a slower database
 * spaces the turns further. A caller waits for its turn; none is turned away.
 * Every other client's starts go at once.
 */
export function createStartTurns() {
  const behindUntil = new Map<string, number>();
  // Each waiting client's starts, in order; a client is in here from its first wait until a turn leaves none waiting.
  const lines = new Map<string, (() => Promise<void>)[]>();
  const turn = (clientId: string) => {
    const waiting = lines.get(clientId)!;
    void Promise.all(waiting.splice(0, STARTS_PER_TURN).map((start) => start())).then(() => {
      if (waiting.length > 0) setTimeout(turn, TURN_EVERY_MS, clientId);
      else lines.delete(clientId);
    });
  };
  return {
    /** Told how long one of the client's starts was just held back. */
    held(clientId: string, holdMs: number) {
      if (holdMs < HELD_BEHIND_MS) return;
      behindUntil.set(clientId, Math.max(behindUntil.get(clientId) ?? 0, Date.now() + holdMs - HELD_BEHIND_MS));
    },
    /** Runs `start` now, or in its client's next turn while the client is behind. */
    admit<T>(clientId: string, start: () => Promise<T>): Promise<T> {
      if ((behindUntil.get(clientId) ?? 0) <= Date.now()) {
        behindUntil.delete(clientId);
        return start();
      }
      return new Promise<T>((resolve, reject) => {
        // Run later by a timer: bound here, so its spans and tenant are the caller's.
        const admitted = AsyncResource.bind(() => start().then(resolve, reject));
        const waiting = lines.get(clientId);
        if (waiting) return void waiting.push(admitted);
        lines.set(clientId, [admitted]);
        setTimeout(turn, TURN_EVERY_MS, clientId);
      });
    },
  };
}
