/**
 * Schema and migrations agree: the SQL Prisma derives from schema.prisma alone,
 * applied to an empty database, must produce exactly the tables and columns (and
 * at least the indexes) that applying every migration produced. Catches an edited
 * schema without a migration, and a migration edited by hand away from the schema.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let migrated: TestDatabase;
let fromSchema: TestDatabase;

async function describeSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(`
      select table_name, column_name, data_type, udt_name, is_nullable, column_default
      from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'
      order by table_name, column_name`);
    const indexes = await client.query(`
      select tablename, indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename <> '_prisma_migrations' order by indexname`);
    return { columns: columns.rows, indexes: indexes.rows as { indexname: string; indexdef: string }[] };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  migrated = await createTestDatabase();
  fromSchema = await createTestDatabase();
  const sql = execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: fromSchema.adminUrl },
    encoding: "utf8",
  });
  // The clone came from the migrated template: empty it, then build it from the schema alone.
  const client = new pg.Client({ connectionString: fromSchema.adminUrl });
  await client.connect();
  await client.query("drop schema public cascade; create schema public;");
  await client.query(sql);
  await client.end();
});
afterAll(async () => {
  await migrated?.drop();
  await fromSchema?.drop();
});

describe("schema.prisma and prisma/migrations", () => {
  it("define the same tables and columns", async () => {
    const [expected, actual] = await Promise.all([describeSchema(fromSchema.adminUrl), describeSchema(migrated.adminUrl)]);
    expect(expected.columns.length).toBeGreaterThan(50);
    expect(actual.columns).toEqual(expected.columns);
  });

  it("the migrations carry every index the schema declares", async () => {
    const [expected, actual] = await Promise.all([describeSchema(fromSchema.adminUrl), describeSchema(migrated.adminUrl)]);
    const actualDefs = new Set(actual.indexes.map((i) => i.indexdef));
    for (const index of expected.indexes) expect(actualDefs, index.indexname).toContain(index.indexdef);
  });

  it("the snapshot `pnpm db:diff` starts its next diff from is the schema the last migration left", () => {
    const read = (file: string) => readFileSync(path.join(root, "prisma", file), "utf8");
    expect(read("migrations/schema.snapshot.prisma")).toBe(read("schema.prisma"));
  });
});
