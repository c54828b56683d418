import { listenForNotifications, type TNotificationListener, type TTenantScope } from "@storeflow/db";
import { z } from "zod";

/** The channel the workflow_runs and approvals triggers notify on (migration live_status_notify). */
export const LIVE_CHANNEL = "storeflow_live";

const ZLiveNotification = z.object({
  kind: z.enum(["run", "approval"]),
  id: z.uuid(),
  runId: z.uuid(),
  partnerId: z.uuid(),
  clientId: z.uuid(),
  status: z.string().max(40),
});

/** What a subscriber is told: which run or approval changed and its new status; never its contents. */
export type TLiveEvent = Omit<z.infer<typeof ZLiveNotification>, "partnerId">;

export type TLiveMessage = { type: "change"; event: TLiveEvent } | { type: "resync" };

export interface TLiveHub {
  /** Resolves once the hub listens; events before that are not seen. */
  ready: Promise<void>;
  /**
   * Calls `onMessage` for changes inside `scope` only: its partner and, for a
   * client user, its client. Returns the unsubscribe function.
   */
  subscribe(scope: Pick<TTenantScope, "partnerId" | "clientId">, onMessage: (message: TLiveMessage) => void): () => void;
  close(): Promise<void>;
}

interface TSubscriber {
  partnerId: string;
  clientId: string | null;
  onMessage: (message: TLiveMessage) => void;
}

/** Whether a change belongs to a subscriber's tenant. The only gate between one tenant's events and another's streams. */
export function inScope(subscriber: Pick<TSubscriber, "partnerId" | "clientId">, change: Pick<z.infer<typeof ZLiveNotification>, "partnerId" | "clientId">): boolean {
  return change.partnerId === subscriber.partnerId && (subscriber.clientId === null || change.clientId === subscriber.clientId);
}

/**
 * One LISTEN connection per process, fanned out to every open stream in
 * memory: a thousand open tabs cost one database session, not a thousand.
 * Each portal replica runs its own hub; NOTIFY reaches them all.
 */
export function createLiveHub({ connectionString }: { connectionString: string }): TLiveHub {
  const subscribers = new Set<TSubscriber>();
  let connectedBefore = false;
  const listener: TNotificationListener = listenForNotifications({
    connectionString,
    channel: LIVE_CHANNEL,
    onNotification(payload) {
      let parsed: z.infer<typeof ZLiveNotification>;
      try {
        parsed = ZLiveNotification.parse(JSON.parse(payload));
      } catch {
        return; // not ours to guess at: only the triggers write this channel
      }
      const { partnerId: _partnerId, ...event } = parsed;
      for (const subscriber of subscribers) if (inScope(subscriber, parsed)) subscriber.onMessage({ type: "change", event });
    },
    onConnectionChange(connected) {
      // Changes made while the listener was away were never heard: every stream re-reads.
      if (connected && connectedBefore) for (const subscriber of subscribers) subscriber.onMessage({ type: "resync" });
      if (connected) connectedBefore = true;
    },
  });
  return {
    ready: listener.ready,
    subscribe(scope, onMessage) {
      const subscriber: TSubscriber = { partnerId: scope.partnerId, clientId: scope.clientId ?? null, onMessage };
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
    close: () => listener.close(),
  };
}
