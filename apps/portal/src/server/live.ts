import "server-only";
import { createLiveHub, type TLiveHub } from "@storeflow/api";
import { services } from "./services";

const globalForLive = globalThis as unknown as { storeflowLiveHub?: TLiveHub };

/** The process's one LISTEN connection for live status, opened by the first stream (never at build time). */
export function liveHub(): TLiveHub {
  globalForLive.storeflowLiveHub ??= createLiveHub({ connectionString: services().env.APP_DATABASE_URL });
  return globalForLive.storeflowLiveHub;
}
