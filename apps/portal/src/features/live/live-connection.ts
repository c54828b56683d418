import { type TLiveEvent } from "@storeflow/api";

export type TLiveStatus = "connecting" | "live" | "reconnecting";
export type TLiveMessage = { type: "change"; event: TLiveEvent } | { type: "resync" };
type TListener = (message: TLiveMessage) => void;

const LIVE_URL = "/api/live";
const MAX_BACKOFF_MS = 30_000;
// Client-side navigation unmounts one page's subscriber just before the next mounts its own.
const CLOSE_DELAY_MS = 3_000;

const listeners = new Set<TListener>();
const statusListeners = new Set<() => void>();
let source: EventSource | null = null;
let status: TLiveStatus = "connecting";
let backoffMs = 1_000;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let closeTimer: ReturnType<typeof setTimeout> | null = null;

function setStatus(next: TLiveStatus) {
  if (status === next) return;
  status = next;
  for (const notify of statusListeners) notify();
}

function emit(message: TLiveMessage) {
  for (const listener of listeners) listener(message);
}

function onChange(event: MessageEvent<string>) {
  try {
    emit({ type: "change", event: JSON.parse(event.data) as TLiveEvent });
  } catch {
    // a frame we cannot read: the next resync covers it
  }
}

function open() {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  source?.close();
  setStatus(status === "live" ? "reconnecting" : status);
  const next = new EventSource(LIVE_URL);
  source = next;
  next.addEventListener("ready", () => {
    backoffMs = 1_000;
    setStatus("live");
    // Whatever changed while there was no stream (the page's first render included) was not heard: re-read.
    emit({ type: "resync" });
  });
  next.addEventListener("run", onChange);
  next.addEventListener("step", onChange);
  next.addEventListener("approval", onChange);
  next.addEventListener("resync", () => emit({ type: "resync" }));
  next.addEventListener("error", () => {
    setStatus("reconnecting");
    // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error status); retry with backoff.
    if (next.readyState !== EventSource.CLOSED || source !== next) return;
    retryTimer = setTimeout(open, backoffMs);
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  });
}

function close() {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  source?.close();
  source = null;
  setStatus("connecting");
}

/** Listens to the tab's one live stream (opened with the first listener, closed a little after the last). */
export function subscribeLive(listener: TListener): () => void {
  listeners.add(listener);
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = null;
  if (!source) open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) closeTimer = setTimeout(close, CLOSE_DELAY_MS);
  };
}

/** Drops the current stream and opens a new one now, skipping any backoff. */
export function reconnectLive() {
  backoffMs = 1_000;
  if (listeners.size > 0) open();
}

export function subscribeLiveStatus(notify: () => void): () => void {
  statusListeners.add(notify);
  return () => statusListeners.delete(notify);
}

export const liveStatus = () => status;
