/**
 * Checks every partner's audit hash chain:
 *   pnpm audit:verify [--partner <id>]
 * Prints one JSON line per break ({ partnerId, seq, id, problem }) and a
 * summary line; exits 1 when any chain is broken. Reads in the system scope of
 * storeflow_app (APP_DATABASE_URL), which row-level security lets read every
 * partner's events and heads but change none.
 */
// The root package does not depend on @storeflow/audit yet (adding it needs a
// pnpm install): the script takes the package's entry point directly.
import { verifyAuditChain } from "@storeflow/audit";
import pg from "pg";

const url = process.env.APP_DATABASE_URL;
if (!url) throw new Error("APP_DATABASE_URL must be set to the storeflow_app URL (scripts/run.sh writes it to .env)");
const flag = process.argv.indexOf("--partner");
const partnerId = flag === -1 ? undefined : process.argv[flag + 1];
if (flag !== -1 && !partnerId) throw new Error("--partner needs a partner id");

const client = new pg.Client({ connectionString: url, options: "-c app.system=on" });
await client.connect();
try {
  // One snapshot for the whole check (verify is also correct without one).
  await client.query("begin isolation level repeatable read read only");
  const report = await verifyAuditChain({ db: client, partnerId });
  await client.query("commit");
  for (const entry of report.breaks) console.log(JSON.stringify(entry));
  console.log(JSON.stringify({ ok: report.ok, checked: report.checked, breaks: report.breaks.length }));
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await client.end();
}
