/**
 * Re-wraps every client's data key, each partner's AI model key and each alert channel's key, under the
 * current key-encryption key:
 *   SECRETS_KEK=<new> SECRETS_KEK_PREVIOUS=<old>[,<older>] pnpm secrets:rotate
 * Ciphertexts are not touched. Safe to interrupt and run again; once it reports
 * nothing left under an old KEK, that KEK can leave SECRETS_KEK_PREVIOUS.
 */
import { rotatePartnerModelKeys } from "@storeflow/ai";
import { rotateAlertChannelKeys } from "@storeflow/alerts";
import { rotateDataKeys } from "@storeflow/connections";
import { keyRingFromEnv } from "@storeflow/secrets";
import pg from "pg";

const url = process.env.APP_DATABASE_URL;
if (!url) throw new Error("APP_DATABASE_URL must be set to the storeflow_app URL (scripts/run.sh writes it to .env)");
const ring = keyRingFromEnv();
const pool = new pg.Pool({ connectionString: url, options: "-c app.system=on", max: 2 });
try {
  const { rewrapped, kekId } = await rotateDataKeys({ pool, ring });
  const models = await rotatePartnerModelKeys({ db: pool, ring });
  const channels = await rotateAlertChannelKeys({ db: pool, ring });
  const { rows } = await pool.query<{ kek_id: string; n: number }>(
    "select kek_id, count(*)::int as n from (select kek_id from client_data_keys union all select kek_id from partner_ai_models union all select kek_id from alert_channels where kek_id is not null) k group by kek_id order by kek_id",
  );
  console.log(JSON.stringify({ rewrapped: rewrapped + models.rewrapped + channels.rewrapped, currentKekId: kekId, dataKeysByKek: Object.fromEntries(rows.map((r) => [r.kek_id, r.n])) }));
} finally {
  await pool.end();
}
