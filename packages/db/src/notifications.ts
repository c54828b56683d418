import pg from "pg";

/** Options for {@link listenForNotifications}. */
export interface ListenForNotificationsOptions {
  /**
   * A direct PostgreSQL URL. LISTEN holds a session, so this must not go
   * through a transaction-pooling proxy (PgBouncer in transaction mode).
   */
  connectionString: string;
  /** Channel name: lower-case letters, digits and _. */
  channel: string;
  onNotification: (payload: string) => void;
  /** Told when the connection drops and each time it comes back (`connected`), so callers can resync. */
  onConnectionChange?: (connected: boolean) => void;
  /** @defaultValue 1000 (doubling to 30 s while PostgreSQL stays away) */
  reconnectDelayMs?: number;
}

export interface TNotificationListener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * One dedicated connection LISTENing on a channel, reconnecting (with backoff)
 * for as long as it is open. Notifications sent while it is disconnected are
 * lost, which is why `onConnectionChange(true)` exists.
 */
export function listenForNotifications({ connectionString, channel, onNotification, onConnectionChange, reconnectDelayMs = 1_000 }: ListenForNotificationsOptions): TNotificationListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new TypeError(`channel "${channel}" must be lower-case letters, digits and _`);
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let delay = reconnectDelayMs;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const scheduleReconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 30_000);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString, application_name: `listen:${channel}` });
    client = next;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      next.removeAllListeners("notification");
      void next.end().catch(() => undefined);
      if (closed) return;
      onConnectionChange?.(false);
      scheduleReconnect();
    };
    next.on("error", drop);
    next.on("end", drop);
    next.on("notification", (message) => {
      if (message.channel === channel && message.payload !== undefined) onNotification(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (closed) return void (await next.end().catch(() => undefined));
      delay = reconnectDelayMs;
      onConnectionChange?.(true);
      resolveReady();
    } catch {
      drop();
    }
  };

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
