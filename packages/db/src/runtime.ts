import { createDb, type TDb } from "./client";
import { readDbEnv } from "./env";

let appDb: TDb | undefined;
let adminDb: TDb | undefined;

/** The process-wide application client (storeflow_app; row-level security applies). */
export function getDb(): TDb {
  appDb ??= createDb({ url: readDbEnv().APP_DATABASE_URL });
  return appDb;
}

/**
 * The owner connection, which row-level security does not restrict. Only the
 * platform-admin module, the seed and migrations may use it; every call site must
 * say why it needs to cross tenants.
 */
export function getUnsafeAdminDb(): TDb {
  adminDb ??= createDb({ url: readDbEnv().DATABASE_URL, max: 3 });
  return adminDb;
}

export async function disconnectDbs(): Promise<void> {
  await Promise.all([appDb?.$disconnect(), adminDb?.$disconnect()]);
  appDb = undefined;
  adminDb = undefined;
}

/** Readiness: can the application role reach the database? */
export async function pingDb(db: TDb = getDb()): Promise<void> {
  await db.$queryRaw`select 1`;
}
