-- AlterTable
ALTER TABLE "alert_rules" ADD COLUMN     "notify_resolved" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "resolved_notified_at" TIMESTAMPTZ(3),
ADD COLUMN     "resolved_notify_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "alerts_resolved_notify_at_idx" ON "alerts"("resolved_notify_at");

-- Client users see the alerts of their own client (raised by any rule of the partner about
-- the installations and connections of that client) and acknowledge them, never those of another client.
-- Channels and deliveries stay partner-only. Of rules, a client scope reads only those
-- that raised one of its alerts (their names label the alerts), and of history only the
-- events of its alerts (not rule-wide ones such as the snooze of a rule).
CREATE POLICY alerts_client ON "alerts"
  USING (partner_id = app_partner_id() AND app_client_id() IS NOT NULL AND client_id = app_client_id())
  WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NOT NULL AND client_id = app_client_id());

CREATE POLICY alert_rules_client_read ON "alert_rules" FOR SELECT
  USING (partner_id = app_partner_id() AND app_client_id() IS NOT NULL
         AND EXISTS (SELECT 1 FROM alerts a WHERE a.rule_id = alert_rules.id AND a.partner_id = alert_rules.partner_id AND a.client_id = app_client_id()));

CREATE POLICY alert_events_client_read ON "alert_events" FOR SELECT
  USING (partner_id = app_partner_id() AND app_client_id() IS NOT NULL
         AND EXISTS (SELECT 1 FROM alerts a WHERE a.id = alert_events.alert_id AND a.partner_id = alert_events.partner_id AND a.client_id = app_client_id()));
CREATE POLICY alert_events_client_insert ON "alert_events" FOR INSERT
  WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NOT NULL
         AND EXISTS (SELECT 1 FROM alerts a WHERE a.id = alert_events.alert_id AND a.partner_id = alert_events.partner_id AND a.client_id = app_client_id()));
