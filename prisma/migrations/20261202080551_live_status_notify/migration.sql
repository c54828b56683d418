-- Live status for the portal (packages/api live events). A run's status or
-- triage changing, a run starting, an approval opening or closing: each sends
-- one NOTIFY on the storeflow_live channel carrying only ids, the tenant and the
-- status. The portal re-reads what changed through the API, under row-level
-- security, so a payload never carries business data.
--
-- Only status and triage changes notify, never the per-step updates: NOTIFY
-- serialises the commits of notifying transactions, and the engine updates a
-- run row at every step. The WHEN clause keeps the trigger function from
-- being called at all on those updates.
--
-- Function bodies spell their semicolons as the escape \073 inside E'' strings:
-- the migration runner splits scripts at every literal semicolon.

CREATE FUNCTION storeflow_notify_run_change() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''storeflow_live'', json_build_object(''kind'', ''run'', ''id'', NEW.id, ''runId'', NEW.id, ''partnerId'', NEW.partner_id, ''clientId'', NEW.client_id, ''status'', NEW.status)::text)\073 RETURN NULL\073 END';

CREATE FUNCTION storeflow_notify_approval_change() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''storeflow_live'', json_build_object(''kind'', ''approval'', ''id'', NEW.id, ''runId'', NEW.run_id, ''partnerId'', NEW.partner_id, ''clientId'', NEW.client_id, ''status'', NEW.status)::text)\073 RETURN NULL\073 END';

CREATE TRIGGER workflow_runs_live_insert AFTER INSERT ON "workflow_runs"
  FOR EACH ROW EXECUTE FUNCTION storeflow_notify_run_change();

CREATE TRIGGER workflow_runs_live_update AFTER UPDATE OF status, triage ON "workflow_runs"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.triage IS DISTINCT FROM NEW.triage)
  EXECUTE FUNCTION storeflow_notify_run_change();

CREATE TRIGGER approvals_live_insert AFTER INSERT ON "approvals"
  FOR EACH ROW EXECUTE FUNCTION storeflow_notify_approval_change();

CREATE TRIGGER approvals_live_update AFTER UPDATE OF status ON "approvals"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION storeflow_notify_approval_change();
