"use client";

import { type TLiveEvent } from "@storeflow/api";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { liveStatus, subscribeLive, subscribeLiveStatus, type TLiveStatus } from "./live-connection";

/** At most one refetch per this long, however busy the tenant: a burst of changes costs one re-read. */
export const LIVE_REFRESH_MS = 1_000;

/** Options for {@link useLiveRefresh}. */
export interface UseLiveRefreshOptions {
  /** Which changes concern this view; a resync always does. */
  matches: (event: TLiveEvent) => boolean;
  /** What to re-read (through tRPC, under row-level security) when one arrives. */
  queryKeys: QueryKey[];
}

/**
 * Re-reads `queryKeys` when a matching run or approval changes: the push says
 * only "this changed", the data always comes back through the API.
 */
export function useLiveRefresh({ matches, queryKeys }: UseLiveRefreshOptions) {
  const queryClient = useQueryClient();
  const latest = useRef({ matches, queryKeys });
  latest.current = { matches, queryKeys };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastRun = 0;
    const refresh = () => {
      timer = null;
      lastRun = Date.now();
      for (const queryKey of latest.current.queryKeys) void queryClient.invalidateQueries({ queryKey });
    };
    const unsubscribe = subscribeLive((message) => {
      if (message.type === "change" && !latest.current.matches(message.event)) return;
      if (timer) return;
      timer = setTimeout(refresh, Math.max(0, lastRun + LIVE_REFRESH_MS - Date.now()));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [queryClient]);
}

/** The tab's live stream status, for the indicator. */
export function useLiveStatus(): TLiveStatus {
  return useSyncExternalStore(subscribeLiveStatus, liveStatus, () => "connecting");
}
