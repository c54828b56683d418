/**
 * Creates the database named in DATABASE_URL when missing (with --fresh: drops it
 * and its test clones first), applies migrations with
 * `prisma migrate deploy`, and makes sure the storeflow_app role exists (it is
 * cluster-wide, and migrations grant to it) with its login password from APP_DB_PASSWORD.
 */
import { execFileSync } from "node:child_process";
import pg from "pg";

const adminUrl = process.env.DATABASE_URL;
const appPassword = process.env.APP_DB_PASSWORD;
if (!adminUrl) throw new Error("DATABASE_URL must be set to the admin (migrator) URL");
if (!appPassword) throw new Error("APP_DB_PASSWORD must be set (scripts/run.sh generates one)");

const target = new URL(adminUrl);
const database = decodeURIComponent(target.pathname.slice(1));
if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`database name "${database}" must be lower-case letters, digits and _`);

const maintenanceUrl = new URL(adminUrl);
maintenanceUrl.pathname = "/postgres";
const maintenance = new pg.Client({ connectionString: maintenanceUrl.toString() });
await maintenance.connect();
if (process.argv.includes("--fresh")) {
  // Disposable test databases: drop the database and the per-file clones tests made of it.
  const { rows: stale } = await maintenance.query<{ datname: string }>(
    "select datname from pg_database where datname = $1 or datname ~ ('^' || $1 || '_[0-9a-f]{10}$')",
    [database],
  );
  for (const { datname } of stale) await maintenance.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  if (stale.length) console.log(`dropped ${stale.map((r) => r.datname).join(", ")}`);
}
const exists = await maintenance.query("select 1 from pg_database where datname = $1", [database]);
if (exists.rowCount === 0) {
  await maintenance.query(`CREATE DATABASE "${database}"`);
  console.log(`created database ${database}`);
}
await maintenance.query(`DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'storeflow_app') THEN
    CREATE ROLE storeflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$`);
await maintenance.end();

execFileSync("pnpm", ["exec", "prisma", "migrate", "deploy"], { stdio: "inherit", env: process.env });

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const { rows } = await admin.query<{ sql: string }>("select format('ALTER ROLE storeflow_app LOGIN PASSWORD %L', $1::text) as sql", [appPassword]);
await admin.query(rows[0]!.sql);
await admin.end();
console.log(`database ${database} is migrated; storeflow_app can log in`);
