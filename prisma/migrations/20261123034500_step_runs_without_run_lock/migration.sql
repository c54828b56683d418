-- Every step attempt is recorded by the statement that moves its run on, from
-- the run row that statement just updated, so a step_runs row cannot lack its
-- run. The foreign key's check (a KEY SHARE look-up of the run per recorded
-- step) cost about a sixth of the database's time per run in pnpm bench:engine.
-- The application role may not delete runs or their steps (retention, when it
-- comes, runs as the owner and removes both).
ALTER TABLE "step_runs" DROP CONSTRAINT "step_runs_run_id_fkey";
REVOKE DELETE ON "workflow_runs", "step_runs" FROM storeflow_app;

-- Children of a run (replays, emitted runs) are found by their parent. Only
-- those few rows are indexed, so starting an ordinary run costs nothing more.
CREATE INDEX "workflow_runs_parent_run_id_idx" ON "workflow_runs" ("partner_id", "parent_run_id") WHERE "parent_run_id" IS NOT NULL;
