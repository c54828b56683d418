-- The run store (system scope) records audit events in the transaction of the
-- change they record: a decision, a published event. It may add audit rows,
-- never read or change them.
CREATE POLICY audit_events_system_insert ON "audit_events" FOR INSERT WITH CHECK (app_system());
