import "server-only";
import { createLiveHub, type TLiveHub } from "@storeflow/api";
import { subscribeLiveFeed } from "@storeflow/queue";
import { services } from "./services";

const globalForLive = globalThis as unknown as { storeflowLiveHub?: TLiveHub };

/** The process's one LISTEN connection (and one engine live-feed subscriber) for live status, opened by the first stream (never at build time). */
export function liveHub(): TLiveHub {
  const { env } = services();
  globalForLive.storeflowLiveHub ??= createLiveHub({
    connectionString: env.APP_DATABASE_URL,
    feed: (onMessage) => subscribeLiveFeed({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, onMessage }),
  });
  return globalForLive.storeflowLiveHub;
}
