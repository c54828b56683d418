import { INBOUND_WEBHOOKS_CHANNEL, publishInboundWebhooks, type PublishInboundWebhooksOptions } from "@storeflow/connections";
import { listenForNotifications } from "@storeflow/db";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startWebhookRelay}. */
export interface StartWebhookRelayOptions extends PublishInboundWebhooksOptions {
  /**
   * A direct PostgreSQL URL (LISTEN holds a session) on which to hear of each
   * webhook the ingress stores: a pass then starts at once. @defaultValue none: only the idle looks find them
   */
  listenUrl?: string;
  /** Pause between passes that found nothing. @defaultValue 200, or 2000 with `listenUrl` (a look for anything not heard of) */
  idleMs?: number;
  onPublished?: (count: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs the webhook outbox relay on every worker: concurrent relays skip each
 * other's rows. While passes publish anything it goes again at once (a pass
 * shared among clients may come back short with webhooks still waiting), so a
 * burst drains at the database's pace; idle, it looks every `idleMs`, and with
 * `listenUrl` it starts a pass as soon as a webhook is stored, and whenever the
 * listening connection comes back (what was stored meanwhile went unheard).
 */
export function startWebhookRelay({ listenUrl, idleMs = listenUrl ? 2_000 : 200, onPublished, onError, ...relay }: StartWebhookRelayOptions) {
  const passes = startPeriodicPass({
    pass: () => publishInboundWebhooks(relay),
    everyMs: idleMs,
    againAtOnce: (published) => published > 0,
    onResult: (published) => published > 0 && onPublished?.(published),
    ...(onError ? { onError } : {}),
  });
  const listener = listenUrl
    ? listenForNotifications({ connectionString: listenUrl, channel: INBOUND_WEBHOOKS_CHANNEL, onNotification: passes.wake, onConnectionChange: (connected) => connected && passes.wake() })
    : undefined;
  return {
    /** Resolves once the relay listens (at once without `listenUrl`). */
    ready: listener?.ready ?? Promise.resolve(),
    async stop() {
      await listener?.close();
      await passes.stop();
    },
  };
}
