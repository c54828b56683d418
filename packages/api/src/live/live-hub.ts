import { listenForNotifications, type TNotificationListener, type TTenantScope } from "@storeflow/db";
import { z } from "zod";

/** The channel the workflow_runs and approvals triggers notify on (migration live_status_notify). */
export const LIVE_CHANNEL = "storeflow_live";

/**
 * "run" and "approval" come from the database triggers; "step" (a step of the
 * run settled: `id` is the run's), and "run" for the runs the engine's batched
 * statements start and end, from the engine's live feed, published after each
 * commit outside PostgreSQL (see {@link CreateLiveHubOptions.feed}).
 */
export const LIVE_KINDS = ["run", "approval", "step"] as const;

const ZLiveNotification = z.object({
  kind: z.enum(LIVE_KINDS),
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

/** Options for {@link createLiveHub}. */
export interface CreateLiveHubOptions {
  connectionString: string;
  /**
   * Subscribes to the engine's live feed (in the portal, @storeflow/queue's
   * subscribeLiveFeed): payloads of the same shape, kinds "step" and "run". @defaultValue none: the triggers' changes only
   */
  feed?: (onPayload: (payload: string) => void) => { close(): Promise<void> };
}

/**
 * One LISTEN connection per process, fanned out to every open stream in
 * memory: a thousand open tabs cost one database session, not a thousand.
 * Each portal replica runs its own hub; NOTIFY reaches them all.
 */
export function createLiveHub({ connectionString, feed }: CreateLiveHubOptions): TLiveHub {
  const subscribers = new Set<TSubscriber>();
  let connectedBefore = false;
  const fanOut = (kinds: readonly TLiveEvent["kind"][]) => (payload: string) => {
    let parsed: z.infer<typeof ZLiveNotification>;
    try {
      parsed = ZLiveNotification.parse(JSON.parse(payload));
    } catch {
      return; // not ours to guess at: only the triggers and the engine write these channels
    }
    if (!kinds.includes(parsed.kind)) return;
    const { partnerId: _partnerId, ...event } = parsed;
    for (const subscriber of subscribers) if (inScope(subscriber, parsed)) subscriber.onMessage({ type: "change", event });
  };
  const engineFeed = feed?.(fanOut(["step", "run"]));
  const listener: TNotificationListener = listenForNotifications({
    connectionString,
    channel: LIVE_CHANNEL,
    onNotification: fanOut(["run", "approval"]),
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
    close: async () => {
      await Promise.all([listener.close(), engineFeed?.close()]);
    },
  };
}
