"use client";

import { cn } from "@storeflow/ui";
import { reconnectLive } from "./live-connection";
import { useLiveStatus } from "./use-live";

const LABEL = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" } as const;

/** Says in words whether changes arrive by themselves; the dot only repeats it. */
export function LiveIndicator({ className }: { className?: string }) {
  const status = useLiveStatus();
  return (
    <span className={cn("inline-flex items-center gap-2 text-sm", className)} data-testid="live-indicator" data-status={status}>
      <span role="status" className="inline-flex items-center gap-1.5">
        <span
          aria-hidden
          className={cn(
            "size-2 rounded-full",
            status === "live" ? "bg-success" : status === "reconnecting" ? "bg-warning" : "bg-muted-foreground",
            status === "live" && "animate-pulse motion-reduce:animate-none",
          )}
        />
        <span className={status === "reconnecting" ? "text-warning" : "text-muted-foreground"}>
          {LABEL[status]}
          <span className="sr-only">{status === "live" ? ": changes appear without reloading" : ": updates are paused"}</span>
        </span>
      </span>
      {status === "reconnecting" ? (
        <button type="button" onClick={reconnectLive} className="rounded text-sm font-medium text-brand-text underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-ring">
          Reconnect now
        </button>
      ) : null}
    </span>
  );
}
