-- Hash-chained audit events (packages/audit: appendAuditEvent, verifyAuditChain).
-- Prisma's generated statements, reordered by hand: the chain columns are added
-- nullable, the rows already there are chained, then the columns become NOT NULL.

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT,
ADD COLUMN     "seq" INTEGER,
ALTER COLUMN "created_at" DROP DEFAULT;

-- CreateTable
CREATE TABLE "audit_chain_heads" (
    "partner_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_chain_heads_pkey" PRIMARY KEY ("partner_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_partner_id_seq_key" ON "audit_events"("partner_id", "seq");



-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

-- An event's canonical form, byte for byte what canonicalAuditEvent in
-- packages/audit/src/audit-hash.ts builds: a JSON array of a version tag, every
-- column, and data as jsonb prints it. The application hashes in TypeScript,
-- these two serve the backfill below and checks made in SQL.
CREATE FUNCTION audit_event_canonical(id uuid, partner_id uuid, client_id uuid, actor_user_id uuid, action text, target_type text, target_id text, data jsonb, created_at timestamptz, seq integer, prev_hash text)
  RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT '[' || concat_ws(',',
       '"storeflow.audit.v1"',
       to_jsonb(id::text)::text,
       to_jsonb(partner_id::text)::text,
       COALESCE(to_jsonb(client_id::text)::text, 'null'),
       COALESCE(to_jsonb(actor_user_id::text)::text, 'null'),
       to_jsonb(action)::text,
       to_jsonb(target_type)::text,
       COALESCE(to_jsonb(target_id)::text, 'null'),
       to_jsonb(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
       seq::text,
       to_jsonb(prev_hash)::text,
       data::text) || ']' $$;
CREATE FUNCTION audit_event_hash(id uuid, partner_id uuid, client_id uuid, actor_user_id uuid, action text, target_type text, target_id text, data jsonb, created_at timestamptz, seq integer, prev_hash text)
  RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT encode(sha256(convert_to(audit_event_canonical(id, partner_id, client_id, actor_user_id, action, target_type, target_id, data, created_at, seq, prev_hash), 'UTF8')), 'hex') $$;

-- Chain the events written before this migration: per partner in (created_at, id)
-- order, each hashed over the hash of the one before (a recursive walk along seq,
-- through an indexed scratch table so each step is one index probe). Row-level
-- security is forced on audit_events and the migrator need not be a superuser:
-- it is lifted for the backfill only.
ALTER TABLE "audit_events" NO FORCE ROW LEVEL SECURITY;
CREATE TABLE "audit_chain_backfill" AS
  SELECT id, partner_id, (row_number() OVER (PARTITION BY partner_id ORDER BY created_at, id))::int AS seq FROM "audit_events";
CREATE UNIQUE INDEX "audit_chain_backfill_partner_id_seq" ON "audit_chain_backfill" (partner_id, seq);
WITH RECURSIVE chain AS (
  SELECT b.id, b.partner_id, b.seq, repeat('0', 64) AS prev_hash,
         audit_event_hash(e.id, e.partner_id, e.client_id, e.actor_user_id, e.action, e.target_type, e.target_id, e.data, e.created_at, b.seq, repeat('0', 64)) AS hash
    FROM "audit_chain_backfill" b JOIN "audit_events" e ON e.id = b.id
   WHERE b.seq = 1
  UNION ALL
  SELECT b.id, b.partner_id, b.seq, c.hash,
         audit_event_hash(e.id, e.partner_id, e.client_id, e.actor_user_id, e.action, e.target_type, e.target_id, e.data, e.created_at, b.seq, c.hash)
    FROM chain c
    JOIN "audit_chain_backfill" b ON b.partner_id = c.partner_id AND b.seq = c.seq + 1
    JOIN "audit_events" e ON e.id = b.id
)
UPDATE "audit_events" e SET seq = chain.seq, prev_hash = chain.prev_hash, hash = chain.hash
  FROM chain WHERE e.id = chain.id;
DROP TABLE "audit_chain_backfill";
INSERT INTO "audit_chain_heads" (partner_id, seq, hash)
  SELECT DISTINCT ON (partner_id) partner_id, seq, hash FROM "audit_events" ORDER BY partner_id, seq DESC;
ALTER TABLE "audit_events" FORCE ROW LEVEL SECURITY;
ALTER TABLE "audit_events" ALTER COLUMN "seq" SET NOT NULL, ALTER COLUMN "prev_hash" SET NOT NULL, ALTER COLUMN "hash" SET NOT NULL;

-- Not in schema.prisma, so that the Partner model needs no back-relation field.
ALTER TABLE "audit_chain_heads" ADD CONSTRAINT "audit_chain_heads_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The application appends to a chain but never rewrites it: storeflow_app has
-- had no UPDATE, DELETE or TRUNCATE on audit_events since the foundation, and a
-- chain head may move but not disappear.
REVOKE DELETE, TRUNCATE ON "audit_chain_heads" FROM storeflow_app;

-- Even the owner's UPDATE or DELETE of an event fails, loudly, naming the row:
-- each rule replaces the statement by a cast that cannot succeed (a rule needs
-- no function body). An owner can still disable or drop a rule, and rules do not
-- cover TRUNCATE: such tampering is what pnpm audit:verify reports.
CREATE RULE audit_events_refuse_update AS ON UPDATE TO "audit_events"
  DO INSTEAD SELECT ('audit_events is append-only: refused to update ' || old.id::text)::uuid AS refused;
CREATE RULE audit_events_refuse_delete AS ON DELETE TO "audit_events"
  DO INSTEAD SELECT ('audit_events is append-only: refused to delete ' || old.id::text)::uuid AS refused;

-- Every scope of a partner, client scopes included, appends to the partner's one
-- chain, so a client scope sees the head too (its seq and hash only).
ALTER TABLE "audit_chain_heads" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_chain_heads" FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_chain_heads_tenant ON "audit_chain_heads"
  USING (partner_id = app_partner_id()) WITH CHECK (partner_id = app_partner_id());
CREATE POLICY audit_chain_heads_system ON "audit_chain_heads" USING (app_system()) WITH CHECK (app_system());

-- pnpm audit:verify checks every partner's chain in the system scope, which until
-- now could add audit rows but not read them. It still cannot change them.
CREATE POLICY audit_events_system_read ON "audit_events" FOR SELECT USING (app_system());
