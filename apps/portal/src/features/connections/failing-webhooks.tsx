"use client";

import { Badge, Button } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { type TConnection } from "./connector-catalog";
import { RelativeTime } from "./relative-time";

/** Props of {@link FailingWebhooks}. */
export interface FailingWebhooksProps {
  connection: TConnection & { webhooksFailing: NonNullable<TConnection["webhooksFailing"]> };
  /** Offers "Retry now"; told once the retry is asked for. @defaultValue no retry button */
  onRetried?: (connection: TConnection) => Promise<void>;
}

/** Webhooks the connection delivered that have not yet started their runs: how many, the latest one's error, and the next try. */
export function FailingWebhooks({ connection, onRetried }: FailingWebhooksProps) {
  const failing = connection.webhooksFailing;
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const retry = useMutation(
    trpc.connection.retryWebhooks.mutationOptions({
      onSuccess: async (retried) => {
        setError(null);
        await onRetried?.(retried);
      },
      onError: (e) => setError(messageOf(e)),
    }),
  );
  return (
    <div className="grid gap-1">
      <Badge variant="warning">{failing.count === 1 ? "1 webhook not processed" : `${failing.count} webhooks not processed`}</Badge>
      <span className="text-xs break-words text-muted-foreground">Last error: {failing.lastError}</span>
      <span className="text-xs text-muted-foreground">
        Retried automatically; next try <RelativeTime date={failing.nextAttemptAt} />
      </span>
      {onRetried ? (
        <Button variant="outline" size="sm" className="w-fit" disabled={retry.isPending} onClick={() => retry.mutate({ id: connection.id })}>
          {retry.isPending ? "Retrying…" : "Retry now"}
          <span className="sr-only"> the webhooks of {connection.name}</span>
        </Button>
      ) : null}
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
    </div>
  );
}
