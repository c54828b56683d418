import { type TTx } from "@storeflow/db";

/** A raw `pg` client inside an open transaction (a `pg.PoolClient` is one). */
export interface TAuditQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Either way of reaching the database inside the caller's transaction. */
export type TAuditDb = TTx | TAuditQueryable;

/**
 * The one thing the chain code needs of a connection: a parameterised query
 * returning rows. Writers and the verifier are written once against it, so
 * the Prisma and the `pg` paths cannot drift apart.
 */
export interface TAuditSql {
  query<R>(name: string, text: string, values: unknown[]): Promise<R[]>;
}

function isPrismaTx(db: TAuditDb): db is TTx {
  return typeof (db as TTx).$queryRawUnsafe === "function";
}

export function auditSql(db: TAuditDb): TAuditSql {
  if (isPrismaTx(db)) return { query: <R>(_name: string, text: string, values: unknown[]) => db.$queryRawUnsafe<R[]>(text, ...values) };
  // Named statements: pg prepares each once per connection.
  return { query: async <R>(name: string, text: string, values: unknown[]) => (await db.query({ name, text, values })).rows as R[] };
}

/**
 * A timestamptz expression as the hash covers `created_at`: UTC to the
 * millisecond (the column's precision), the text JavaScript's toISOString
 * would print. Formatted by the database on both the writing and the
 * verifying side, so the session's time zone and driver never matter.
 */
export function auditTimeSql(expression: string): string {
  return `to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
