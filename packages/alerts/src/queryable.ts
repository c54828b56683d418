import type pg from "pg";

/** A pool or one of its connections, in the system scope (`-c app.system=on`). */
export type TQueryable = Pick<pg.PoolClient, "query">;

/**
 * Runs `work` in one transaction on one connection of the pool; a connection
 * whose rollback fails is dropped rather than handed back in an unknown state.
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
    await client.query("rollback").catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}
