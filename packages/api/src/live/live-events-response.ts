import { TRPCError } from "@trpc/server";
import { type TContext } from "../context";
import { tenantActorOf } from "../tenant-actor";
import { type TLiveHub, type TLiveMessage } from "./live-hub";

/** Options for {@link liveEventsResponse}. */
export interface LiveEventsResponseOptions {
  /** The request's API context: its session decides the scope, exactly as for a tRPC call. */
  context: Pick<TContext, "db" | "session">;
  hub: TLiveHub;
  /** The request's abort signal: the stream ends when the browser goes. */
  signal: AbortSignal;
  /**
   * The stream closes after this long and the browser reconnects, which
   * re-reads the session: a signed-out or demoted user stops hearing within it.
   * @defaultValue 300000 (5 minutes)
   */
  lifetimeMs?: number;
  /** A comment line this often keeps proxies from closing a quiet stream. @defaultValue 20000 */
  heartbeatMs?: number;
}

const STATUS: Record<string, number> = { UNAUTHORIZED: 401, FORBIDDEN: 403 };

function frame(message: TLiveMessage): string {
  return message.type === "resync" ? "event: resync\ndata: {}\n\n" : `event: ${message.event.kind}\ndata: ${JSON.stringify(message.event)}\n\n`;
}

/**
 * A server-sent event stream of run, step and approval changes in the caller's
 * tenant (`run.read`): `event: run` / `event: step` / `event: approval` with the id, run id,
 * client id and new status, `event: resync` when changes may have been
 * missed. The browser re-reads what changed through tRPC, under row-level
 * security; the stream itself carries nothing a list would not show.
 */
export function liveEventsResponse({ context, hub, signal, lifetimeMs = 300_000, heartbeatMs = 20_000 }: LiveEventsResponseOptions): Response {
  let scope;
  try {
    scope = tenantActorOf(context, "run.read", false).scope;
  } catch (error) {
    if (error instanceof TRPCError) return new Response(error.message, { status: STATUS[error.code] ?? 403, headers: { "content-type": "text/plain; charset=utf-8" } });
    throw error;
  }
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const unsubscribe = hub.subscribe(scope, (message) => send(frame(message)));
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), heartbeatMs);
      const expiry = setTimeout(() => stop(), lifetimeMs);
      stop = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(expiry);
        try {
          controller.close();
        } catch {
          // already closed by the consumer
        }
      };
      signal.addEventListener("abort", () => stop(), { once: true });
      // retry: how long the browser waits before reconnecting after the stream ends.
      send("retry: 2000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Tells nginx-style proxies not to buffer the stream.
      "x-accel-buffering": "no",
    },
  });
}
