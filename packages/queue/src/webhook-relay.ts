import { publishInboundWebhooks, type PublishInboundWebhooksOptions } from "@storeflow/connections";
import { startPeriodicPass } from "./periodic-pass";

/** Options for {@link startWebhookRelay}. */
export interface StartWebhookRelayOptions extends PublishInboundWebhooksOptions {
  /** Pause between passes that found nothing. @defaultValue 200 */
  idleMs?: number;
  onPublished?: (count: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs the webhook outbox relay on every worker: concurrent relays skip each
 * other's rows. While passes come back full it goes again at once, so a burst
 * drains at the database's pace; idle, it looks every `idleMs`.
 */
export function startWebhookRelay({ idleMs = 200, onPublished, onError, limit = 100, ...relay }: StartWebhookRelayOptions) {
  return startPeriodicPass({
    pass: () => publishInboundWebhooks({ ...relay, limit }),
    everyMs: idleMs,
    againAtOnce: (published) => published >= limit,
    onResult: (published) => published > 0 && onPublished?.(published),
    ...(onError ? { onError } : {}),
  });
}
