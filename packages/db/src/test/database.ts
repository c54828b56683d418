import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type TDb } from "../client";

/** A throwaway database cloned from the migrated template; one per test file. */
export interface TestDatabase {
  /** storeflow_app connection: row-level security applies. */
  db: TDb;
  /** Owner connection, for arranging fixtures and checking what was written. */
  adminDb: TDb;
  appUrl: string;
  adminUrl: string;
  drop(): Promise<void>;
}

function requireVar(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must point at the migrated test template database (run ./scripts/test.sh)`);
  return value;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const OBJECT_IN_USE = "55006";

/**
 * PostgreSQL refuses to copy a template anyone is connected to, and a session
 * that has just closed (a migration, another file's clone) can still count for a
 * few milliseconds while its backend exits: wait that out rather than fail.
 */
async function cloneTemplate(maintenanceUrl: string, template: string, name: string): Promise<void> {
  const maintenance = new pg.Client({ connectionString: maintenanceUrl });
  await maintenance.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await maintenance.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
      }
    }
  } finally {
    await maintenance.end();
  }
}

/**
 * Clones the template database that `./scripts/test.sh` migrated (DATABASE_URL)
 * into a fresh database, so each test file owns its data and files run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const templateUrl = requireVar("DATABASE_URL");
  const templateAppUrl = requireVar("APP_DATABASE_URL");
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `${template}_${randomBytes(5).toString("hex")}`;
  await cloneTemplate(withDatabase(templateUrl, "postgres"), template, name);
  const adminUrl = withDatabase(templateUrl, name);
  const appUrl = withDatabase(templateAppUrl, name);
  const db = createDb({ url: appUrl, max: 4 });
  const adminDb = createDb({ url: adminUrl, max: 2 });
  return {
    db,
    adminDb,
    appUrl,
    adminUrl,
    async drop() {
      await Promise.all([db.$disconnect(), adminDb.$disconnect()]);
      const client = new pg.Client({ connectionString: withDatabase(templateUrl, "postgres") });
      await client.connect();
      try {
        // FORCE ends any session still connected, and a pool whose end() has resolved
        // can still have a session closing: killed mid-close, its client emits an
        // error nobody listens to any more. Let those sessions go first.
        for (let waited = 0; waited < 3000; waited += 50) {
          const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
          if (rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

