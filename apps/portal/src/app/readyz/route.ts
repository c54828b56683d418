import { pingDb } from "@storeflow/db";
import { getDb, services } from "@/server/services";

export const dynamic = "force-dynamic";

/** Ready when PostgreSQL and Redis both answer. */
export async function GET() {
  try {
    await Promise.all([pingDb(getDb()), services().redis.ping()]);
    return Response.json({ status: "ready" }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json({ status: "unavailable", reason: (error as Error).message }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
