"use client";

import { Button } from "@storeflow/ui";
import { useState, useSyncExternalStore } from "react";

const subscribeNever = () => () => {};

/**
 * The origin the person is using, which is the one the vendor must call (a partner's
 * custom domain included). Null while rendering on the server, so the first client
 * render matches the HTML and the absolute URL appears right after hydration.
 */
function useOrigin(): string | null {
  return useSyncExternalStore(subscribeNever, () => window.location.origin, () => null);
}

/** A connection's webhook URL, absolute, with a button that copies it. */
export function WebhookUrl({ path, connectionName }: { path: string; connectionName: string }) {
  const origin = useOrigin();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const url = origin ? new URL(path, origin).toString() : path;

  return (
    <div className="grid gap-1">
      <code className="break-all font-mono text-xs">{url}</code>
      <div className="flex items-center gap-2">
        <Button
          variant="outline"
          size="sm"
          disabled={!origin}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url);
              setCopied("yes");
            } catch {
              // No clipboard outside a secure context, or permission refused.
              setCopied("failed");
            }
          }}
        >
          Copy<span className="sr-only"> webhook URL of {connectionName}</span>
        </Button>
        <span role="status" className="text-xs text-muted-foreground">
          {copied === "yes" ? "Copied" : copied === "failed" ? "Could not copy; select the URL and copy it" : ""}
        </span>
      </div>
    </div>
  );
}
