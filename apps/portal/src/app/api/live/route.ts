import { liveEventsResponse } from "@storeflow/api";
import { liveHub } from "@/server/live";
import { getRequestContext } from "@/server/session";

export const dynamic = "force-dynamic";

const LISTENER_WAIT_MS = 5_000;

/** Server-sent run and approval changes for the signed-in membership's tenant (see liveEventsResponse). */
export async function GET(req: Request) {
  const hub = liveHub();
  // A stream that opened before the hub listens would miss changes silently; the browser retries a 503.
  const listening = await Promise.race([hub.ready.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), LISTENER_WAIT_MS))]);
  if (!listening) return new Response("Live updates are not available right now", { status: 503 });
  return liveEventsResponse({ context: await getRequestContext(), hub, signal: req.signal });
}
