import { AUDIT_GENESIS_HASH, hashAuditEvent } from "./audit-hash";
import { auditSql, auditTimeSql, type TAuditDb, type TAuditSql } from "./audit-sql";

/**
 * One place where a partner's chain does not hold:
 * - `hash mismatch`: the row's content no longer hashes to its `hash` (edited in place);
 * - `prev_hash mismatch`: the row does not point at the row before it (a row
 *   replaced, re-hashed or forged);
 * - `gap`: seq numbers `seq` .. `seq + missing - 1` are absent (rows deleted);
 *   the row after a gap is not compared with the row before it;
 * - `head mismatch`: the chain ends elsewhere than its head says;
 * - `missing head`: the partner has events but no chain head.
 */
export interface TAuditChainBreak {
  partnerId: string;
  seq: number;
  /** The row at `seq`, null when there is none. */
  id: string | null;
  problem: "hash mismatch" | "prev_hash mismatch" | "gap" | "head mismatch" | "missing head";
  /** For a gap: how many seq numbers are missing. */
  missing?: number;
}

export interface TAuditChainReport {
  ok: boolean;
  /** Events read. */
  checked: number;
  breaks: TAuditChainBreak[];
}

/** Options for {@link verifyAuditChain}. */
export interface VerifyAuditChainOptions {
  /**
   * A transaction or connection that sees every event of the partners to check:
   * a partner scope (not a client scope, which sees only its client's events)
   * or the system scope.
   */
  db: TAuditDb;
  /** Check one partner. @defaultValue every partner the connection sees */
  partnerId?: string;
  /** Rows per query. @defaultValue 1000 */
  batchSize?: number;
}

interface TStoredRow {
  id: string;
  partner_id: string;
  client_id: string | null;
  actor_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  data: string;
  created_at: string;
  seq: number;
  prev_hash: string;
  hash: string;
}

const ROW_COLUMNS = `id::text, partner_id::text, client_id::text, actor_user_id::text, action, target_type, target_id,
  data::text as data, ${auditTimeSql("created_at")} as created_at, seq, prev_hash, hash`;

const MAX_SEQ = 2_147_483_647;

/**
 * Rows in chain order, a batch at a time (keyset on the (partner_id, seq)
 * unique index): one partner's rows in (afterSeq, uptoSeq], or every partner's.
 */
async function* chainRows(sql: TAuditSql, scope: { partnerId?: string; afterSeq?: number; uptoSeq?: number }, batchSize: number): AsyncGenerator<TStoredRow> {
  let after = { partnerId: scope.partnerId ?? "00000000-0000-0000-0000-000000000000", seq: scope.afterSeq ?? 0 };
  for (;;) {
    const rows = scope.partnerId
      ? await sql.query<TStoredRow>(
          "audit.verify_partner",
          `select ${ROW_COLUMNS} from audit_events where partner_id = $1::uuid and seq > $2::int and seq <= $3::int order by seq limit $4::int`,
          [scope.partnerId, after.seq, scope.uptoSeq ?? MAX_SEQ, batchSize],
        )
      : await sql.query<TStoredRow>(
          "audit.verify_all",
          `select ${ROW_COLUMNS} from audit_events where (partner_id, seq) > ($1::uuid, $2::int) order by partner_id, seq limit $3::int`,
          [after.partnerId, after.seq, batchSize],
        );
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { partnerId: last.partner_id, seq: last.seq };
  }
}

/** Checks one partner's rows in seq order; `end` compares the chain's end with its head. */
function partnerChecker(partnerId: string, breaks: TAuditChainBreak[]) {
  let expectedSeq = 1;
  let last: { id: string; hash: string } | null = null;
  let prevHash: string | null = AUDIT_GENESIS_HASH;
  return {
    get lastSeq() {
      return expectedSeq - 1;
    },
    row(row: TStoredRow) {
      if (row.seq > expectedSeq) {
        breaks.push({ partnerId, seq: expectedSeq, id: null, problem: "gap", missing: row.seq - expectedSeq });
        prevHash = null;
      }
      const recomputed = hashAuditEvent({
        id: row.id,
        partnerId: row.partner_id,
        clientId: row.client_id,
        actorUserId: row.actor_user_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        data: row.data,
        createdAt: row.created_at,
        seq: row.seq,
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash) breaks.push({ partnerId, seq: row.seq, id: row.id, problem: "hash mismatch" });
      else if (prevHash !== null && row.prev_hash !== prevHash) breaks.push({ partnerId, seq: row.seq, id: row.id, problem: "prev_hash mismatch" });
      // The next row must point at this row's stored hash: an edited row is reported once, not twice.
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      last = { id: row.id, hash: row.hash };
    },
    end(head: { seq: number; hash: string } | undefined) {
      const lastSeq = expectedSeq - 1;
      if (!head) {
        if (last) breaks.push({ partnerId, seq: lastSeq, id: last.id, problem: "missing head" });
      } else if (head.seq > lastSeq) {
        breaks.push({ partnerId, seq: lastSeq + 1, id: null, problem: "gap", missing: head.seq - lastSeq });
      } else if (last && (head.seq < lastSeq || head.hash !== last.hash)) {
        breaks.push({ partnerId, seq: lastSeq, id: last.id, problem: "head mismatch" });
      }
    },
  };
}

/**
 * Recomputes every hash of the partners' chains and reports each place a
 * chain does not hold, in chain order. Reads in batches, so memory stays flat
 * however long the chains.
 *
 * Safe while writers append, at any isolation level: the heads are read after
 * the rows, and an event and its head move commit together, so every event at
 * or below a head just read is visible to the next statement. Rows appended
 * during the scan are read up to that head before comparing; nothing is
 * mistaken for a gap or a forged tail.
 */
export async function verifyAuditChain({ db, partnerId, batchSize = 1000 }: VerifyAuditChainOptions): Promise<TAuditChainReport> {
  const sql = auditSql(db);
  const breaks: TAuditChainBreak[] = [];
  const checkers = new Map<string, ReturnType<typeof partnerChecker>>();
  const checkerOf = (id: string) => {
    let checker = checkers.get(id);
    if (!checker) checkers.set(id, (checker = partnerChecker(id, breaks)));
    return checker;
  };
  let checked = 0;
  for await (const row of chainRows(sql, { partnerId }, batchSize)) {
    checkerOf(row.partner_id).row(row);
    checked++;
  }
  const headRows = partnerId
    ? await sql.query<{ partner_id: string; seq: number; hash: string }>("audit.verify_head", "select partner_id::text, seq, hash from audit_chain_heads where partner_id = $1::uuid", [partnerId])
    : await sql.query<{ partner_id: string; seq: number; hash: string }>("audit.verify_heads", "select partner_id::text, seq, hash from audit_chain_heads", []);
  const heads = new Map(headRows.map((h) => [h.partner_id, { seq: h.seq, hash: h.hash }]));
  for (const [id, head] of heads) {
    const checker = checkerOf(id);
    if (head.seq <= checker.lastSeq) continue;
    for await (const row of chainRows(sql, { partnerId: id, afterSeq: checker.lastSeq, uptoSeq: head.seq }, batchSize)) {
      checker.row(row);
      checked++;
    }
  }
  for (const [id, checker] of checkers) checker.end(heads.get(id));
  breaks.sort((a, b) => (a.partnerId === b.partnerId ? a.seq - b.seq : a.partnerId < b.partnerId ? -1 : 1));
  return { ok: breaks.length === 0, checked, breaks };
}
