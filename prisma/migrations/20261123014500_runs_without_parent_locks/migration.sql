-- Starting a run must not lock its client. A foreign key check takes a KEY SHARE
-- lock on the parent row, and many runs starting at once for one client turn
-- that lock into a MultiXact on the client's row (and its definition's row) for
-- every insert: measured by pnpm bench:engine at 325 runs/s with the keys and
-- 497 without. The executor checks the client and definition exist when it
-- inserts the run (INSERT ... SELECT), and the application role may not delete
-- partners, clients or definitions at all (they are archived, or immutable), so
-- no run can lose its parent.
ALTER TABLE "workflow_runs" DROP CONSTRAINT "workflow_runs_partner_id_client_id_fkey";
ALTER TABLE "workflow_runs" DROP CONSTRAINT "workflow_runs_partner_id_definition_hash_fkey";
ALTER TABLE "workflow_runs" DROP CONSTRAINT "workflow_runs_partner_id_fkey";
REVOKE DELETE ON "partners", "clients", "workflow_definitions" FROM storeflow_app;

-- The executor finds a run by primary key and checks it is still running. A
-- partial index "WHERE status = 'running'" matches that check, and on a table
-- without statistics yet the planner may scan the whole index instead of taking
-- the key. A full (status, due_at) index serves the reconciler the same and is
-- never mistaken for a one-row lookup.
DROP INDEX "workflow_runs_live_due_idx";
CREATE INDEX "workflow_runs_status_due_at_idx" ON "workflow_runs"("status", "due_at");
