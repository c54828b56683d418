import type pg from "pg";

/** A pool or one of its connections: what the executor's statements run on. */
export type TQueryable = Pick<pg.PoolClient, "query">;

/**
 * Runs `work` in one transaction on one connection of the pool. For the changes
 * a person or an event makes (a decision, a resumed wait), where the rows that
 * decide must stay locked until the run has moved on; a step's own settle is a
 * single statement and needs none.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    // A connection whose rollback fails is in an unknown state: it must not go back to the pool.
    await client.query("rollback").catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}
