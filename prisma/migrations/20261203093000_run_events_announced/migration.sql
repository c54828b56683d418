-- The run executor's batched starts and settles announce the runs they start
-- and end over the live feed in Redis, after their commits, rather than by
-- NOTIFY (packages/runs run-store, option announce): PostgreSQL holds a global
-- lock from a notifying transaction's commit until its WAL reaches disk, so at
-- hundreds of durable starts a second each commit waited on the fsyncs of the
-- ones before it. Those statements run on sessions started with
-- storeflow.run_events=announced, and the run triggers skip such sessions.
-- Every other change (an operator's action, an approval's decision, an event,
-- a triage) still notifies, as do triage changes from any session.

DROP TRIGGER workflow_runs_live_insert ON "workflow_runs";
DROP TRIGGER workflow_runs_live_update ON "workflow_runs";

CREATE TRIGGER workflow_runs_live_insert AFTER INSERT ON "workflow_runs"
  FOR EACH ROW WHEN (current_setting('storeflow.run_events', true) IS DISTINCT FROM 'announced')
  EXECUTE FUNCTION storeflow_notify_run_change();

CREATE TRIGGER workflow_runs_live_update AFTER UPDATE OF status, triage ON "workflow_runs"
  FOR EACH ROW WHEN ((OLD.status IS DISTINCT FROM NEW.status AND current_setting('storeflow.run_events', true) IS DISTINCT FROM 'announced')
    OR OLD.triage IS DISTINCT FROM NEW.triage)
  EXECUTE FUNCTION storeflow_notify_run_change();
