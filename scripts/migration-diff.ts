/**
 * Writes the next migration from the schema change since the last migration:
 *   pnpm db:diff <name>
 * The schema each migration leaves behind is kept in prisma/migrations/schema.snapshot.prisma,
 * so two people can add migrations one after the other before either commits.
 * Prisma diffs that snapshot against the working copy without a
 * shadow database (its driver adapter still opens a connection to DATABASE_URL,
 * default: the local server); append hand-written SQL (policies, triggers) to
 * the file it writes. Keep semicolons out of comments and avoid DO blocks: the
 * migration runner splits scripts at every semicolon.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:diff <name>   (lower-case letters, digits and _)");
  process.exit(2);
}
const snapshot = path.join("prisma", "migrations", "schema.snapshot.prisma");
const previous = path.join(mkdtempSync(path.join(tmpdir(), "sf-schema-")), "schema.prisma");
writeFileSync(previous, readFileSync(snapshot, "utf8"));
const sql = execFileSync(
  "pnpm",
  ["exec", "prisma", "migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" } },
);
if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
  console.log("schema.prisma has no change since the last migration; nothing written");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
if (readdirSync(path.join("prisma", "migrations")).some((d) => d.endsWith(`_${name}`))) throw new Error(`a migration named ${name} exists`);
mkdirSync(dir);
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync(path.join("prisma", "schema.prisma"), snapshot);
console.log(`wrote ${dir}/migration.sql; grant nothing new (default privileges cover storeflow_app) but add RLS for new tenant tables`);
