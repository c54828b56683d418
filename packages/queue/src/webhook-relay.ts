import { publishInboundWebhooks, type PublishInboundWebhooksOptions } from "@storeflow/connections";

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
export function startWebhookRelay({ idleMs = 200, onPublished, onError, ...relay }: StartWebhookRelayOptions) {
  const limit = relay.limit ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let passing: Promise<void> = Promise.resolve();
  const pass = async () => {
    let published = 0;
    try {
      published = await publishInboundWebhooks({ ...relay, limit });
      if (published > 0) onPublished?.(published);
    } catch (error) {
      onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => (passing = pass()), published >= limit ? 0 : idleMs);
  };
  timer = setTimeout(() => (passing = pass()), idleMs);
  return {
    /** Stops relaying; resolves once a pass under way has finished. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await passing;
    },
  };
}
