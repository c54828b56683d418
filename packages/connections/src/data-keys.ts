import { type TTx } from "@storeflow/db";
import { createDataKey, type DataKey, rewrapDataKey, type TDataKeyOwner, type TKeyRing, unwrapDataKey } from "@storeflow/secrets";
import { inTransaction } from "@storeflow/runs";
import type pg from "pg";

/**
 * The client's data key, created on first use. Two requests creating it at once
 * both insert with ON CONFLICT DO NOTHING and then read the one that won, so a
 * client never ends up with secrets under two different keys.
 */
export async function clientDataKey(tx: TTx, ring: TKeyRing, owner: TDataKeyOwner): Promise<DataKey> {
  const existing = await tx.clientDataKey.findUnique({ where: { clientId: owner.clientId }, select: { partnerId: true, kekId: true, wrappedKey: true } });
  if (existing) return unwrapDataKey(ring, { kekId: existing.kekId, wrappedKey: Buffer.from(existing.wrappedKey) }, owner);
  const { wrapped } = createDataKey(ring, owner);
  await tx.$executeRaw`insert into client_data_keys (client_id, partner_id, kek_id, wrapped_key)
    values (${owner.clientId}::uuid, ${owner.partnerId}::uuid, ${wrapped.kekId}, ${new Uint8Array(wrapped.wrappedKey)})
    on conflict (client_id) do nothing`;
  const stored = await tx.clientDataKey.findUniqueOrThrow({ where: { clientId: owner.clientId }, select: { kekId: true, wrappedKey: true } });
  return unwrapDataKey(ring, { kekId: stored.kekId, wrappedKey: Buffer.from(stored.wrappedKey) }, owner);
}

/** Options for {@link rotateDataKeys}. */
export interface RotateDataKeysOptions {
  /** A storeflow_app pool in the system scope (`-c app.system=on`). */
  pool: pg.Pool;
  ring: TKeyRing;
  /** Keys re-wrapped per transaction. @defaultValue 200 */
  batchSize?: number;
}

/**
 * Re-wraps every client's data key under the ring's current KEK. Ciphertexts are
 * untouched: the data keys inside stay the same. Each batch commits on its own and
 * only rows not yet under the current KEK are picked, so an interrupted rotation
 * is finished by running it again. Returns how many keys moved.
 */
export async function rotateDataKeys({ pool, ring, batchSize = 200 }: RotateDataKeysOptions): Promise<{ rewrapped: number; kekId: string }> {
  let rewrapped = 0;
  for (;;) {
    const moved = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ client_id: string; partner_id: string; kek_id: string; wrapped_key: Buffer }>(
        "select client_id, partner_id, kek_id, wrapped_key from client_data_keys where kek_id <> $1 order by client_id limit $2 for update skip locked",
        [ring.currentKekId, batchSize],
      );
      for (const row of rows) {
        const owner = { partnerId: row.partner_id, clientId: row.client_id };
        const next = rewrapDataKey(ring, { kekId: row.kek_id, wrappedKey: row.wrapped_key }, owner);
        await client.query("update client_data_keys set kek_id = $2, wrapped_key = $3, rotated_at = now() where client_id = $1", [row.client_id, next.kekId, next.wrappedKey]);
      }
      return rows.length;
    });
    rewrapped += moved;
    if (moved < batchSize) return { rewrapped, kekId: ring.currentKekId };
  }
}
