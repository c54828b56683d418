import pg from "pg";

/**
 * Runs `work` on an owner connection to the e2e database, for a spec's set-up
 * and clean-up (rows as a background pass would leave them), never for what
 * the spec tests.
 */
export async function withOwnerDb<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}
