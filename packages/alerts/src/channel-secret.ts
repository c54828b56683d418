import { openPartnerSecret, rewrapPartnerSecret, sealPartnerSecret, type TKeyRing, type TSealedPartnerSecret } from "@storeflow/secrets";
import type pg from "pg";

/** A channel's secret part: a Slack or Teams webhook URL (the URL is the credential), or a signed webhook's signing secret. */
export interface TChannelSecret {
  url?: string;
  signingSecret?: string;
}

/** Bound to the partner and the channel's id: a ciphertext copied onto another channel does not open. */
const owner = (partnerId: string, channelId: string) => ({ partnerId, purpose: `alert-channel:${channelId}` });

export function sealChannelSecret(ring: TKeyRing, partnerId: string, channelId: string, secret: TChannelSecret) {
  const fields = Object.fromEntries(Object.entries(secret).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const sealed = sealPartnerSecret(ring, owner(partnerId, channelId), fields);
  return { kekId: sealed.kekId, wrappedKey: new Uint8Array(sealed.wrappedKey), secretCiphertext: new Uint8Array(sealed.ciphertext) };
}

export function openChannelSecret(ring: TKeyRing, partnerId: string, channelId: string, sealed: TSealedPartnerSecret): TChannelSecret {
  return openPartnerSecret(ring, owner(partnerId, channelId), sealed);
}

/**
 * Re-wraps every alert channel's data key under the ring's current KEK (see
 * `pnpm secrets:rotate`); the ciphertexts are not touched. `db` is in the system scope.
 */
export async function rotateAlertChannelKeys({ db, ring }: { db: Pick<pg.Pool, "query">; ring: TKeyRing }): Promise<{ rewrapped: number }> {
  const { rows } = await db.query<{ id: string; partner_id: string; kek_id: string; wrapped_key: Buffer }>({
    name: "alerts.channel-keys-to-rewrap",
    text: "select id, partner_id, kek_id, wrapped_key from alert_channels where kek_id is not null and kek_id <> $1",
    values: [ring.currentKekId],
  });
  for (const row of rows) {
    const rewrapped = rewrapPartnerSecret(ring, owner(row.partner_id, row.id), { kekId: row.kek_id, wrappedKey: row.wrapped_key });
    await db.query({
      name: "alerts.rewrap-channel-key",
      text: "update alert_channels set kek_id = $2, wrapped_key = $3 where id = $1 and kek_id = $4",
      values: [row.id, rewrapped.kekId, rewrapped.wrappedKey, row.kek_id],
    });
  }
  return { rewrapped: rows.length };
}
