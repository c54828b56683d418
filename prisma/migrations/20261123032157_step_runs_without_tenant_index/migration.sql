-- Every read of step_runs goes through its run (run_id), so an index by tenant
-- only cost each recorded step one more index insert.
DROP INDEX "step_runs_partner_id_client_id_idx";
