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
 * other's rows. While passes publish anything it goes again at once (a pass
 * shared among clients may come back short with webhooks still waiting), so a
 * burst drains at the database's pace; idle, it looks every `idleMs`.
 */
export function startWebhookRelay({ idleMs = 200, onPublished, onError, ...relay }: StartWebhookRelayOptions) {
  return startPeriodicPass({
    pass: () => publishInboundWebhooks(relay),
    everyMs: idleMs,
    againAtOnce: (published) => published > 0,
    onResult: (published) => published > 0 && onPublished?.(published),
    ...(onError ? { onError } : {}),
  });
}
