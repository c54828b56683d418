-- CreateEnum
CREATE TYPE "AlertChannelKind" AS ENUM ('email', 'slack', 'teams', 'webhook');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "AlertEventKind" AS ENUM ('raised', 'notified', 'resolved', 'snoozed', 'acknowledged', 'delivery_failed');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "alert_channels" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertChannelKind" NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret_hint" TEXT,
    "kek_id" TEXT,
    "wrapped_key" BYTEA,
    "secret_ciphertext" BYTEA,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID,
    "installation_id" UUID,
    "name" TEXT NOT NULL,
    "condition" JSONB NOT NULL,
    "channel_ids" UUID[],
    "group_window_ms" INTEGER NOT NULL DEFAULT 60000,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "snoozed_until" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "subject_label" TEXT NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'open',
    "summary" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "notify_at" TIMESTAMPTZ(3) NOT NULL,
    "notified_at" TIMESTAMPTZ(3),
    "snoozed_until" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" UUID,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "alert_id" UUID,
    "kind" "AlertEventKind" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_user_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,
    "rule_id" UUID,
    "recipient" TEXT,
    "alert_ids" UUID[],
    "payload" JSONB NOT NULL,
    "status" "AlertDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_channels_kek_id_idx" ON "alert_channels"("kek_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_channels_partner_id_id_key" ON "alert_channels"("partner_id", "id");

-- CreateIndex
CREATE INDEX "alert_rules_partner_id_idx" ON "alert_rules"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_partner_id_id_key" ON "alert_rules"("partner_id", "id");

-- CreateIndex
CREATE INDEX "alerts_partner_id_status_raised_at_idx" ON "alerts"("partner_id", "status", "raised_at");

-- CreateIndex
CREATE INDEX "alerts_rule_id_status_idx" ON "alerts"("rule_id", "status");

-- CreateIndex
CREATE INDEX "alert_events_partner_id_at_idx" ON "alert_events"("partner_id", "at");

-- CreateIndex
CREATE INDEX "alert_events_alert_id_at_idx" ON "alert_events"("alert_id", "at");

-- CreateIndex
CREATE INDEX "alert_deliveries_partner_id_created_at_idx" ON "alert_deliveries"("partner_id", "created_at");

-- CreateIndex
CREATE INDEX "alert_deliveries_channel_id_created_at_idx" ON "alert_deliveries"("channel_id", "created_at");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_partner_id_rule_id_fkey" FOREIGN KEY ("partner_id", "rule_id") REFERENCES "alert_rules"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_partner_id_channel_id_fkey" FOREIGN KEY ("partner_id", "channel_id") REFERENCES "alert_channels"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One open alert per rule and subject: concurrent evaluations cannot raise it twice.
CREATE UNIQUE INDEX "alerts_open_subject_key" ON "alerts" (rule_id, subject_type, subject_id) WHERE status = 'open';
-- The notifier's scan: open alerts with a notification still to send.
CREATE INDEX "alerts_notify_due_idx" ON "alerts" (notify_at) WHERE status = 'open' AND notified_at IS NULL;
-- The delivery pass's scan.
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries" (next_attempt_at) WHERE status = 'pending';
-- Names are unique among a partner's live channels and rules.
CREATE UNIQUE INDEX "alert_channels_live_name_key" ON "alert_channels" (partner_id, lower(name)) WHERE archived_at IS NULL;
CREATE UNIQUE INDEX "alert_rules_live_name_key" ON "alert_rules" (partner_id, lower(name)) WHERE archived_at IS NULL;

-- Alerting is partner-wide: client users neither see nor change it. The alert monitor and the delivery pass use the system scope.
ALTER TABLE "alert_channels" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alert_channels" FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_channels_tenant ON "alert_channels" USING (partner_id = app_partner_id() AND app_client_id() IS NULL) WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NULL);
CREATE POLICY alert_channels_system ON "alert_channels" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "alert_rules" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alert_rules" FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_rules_tenant ON "alert_rules" USING (partner_id = app_partner_id() AND app_client_id() IS NULL) WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NULL);
CREATE POLICY alert_rules_system ON "alert_rules" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "alerts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alerts" FORCE ROW LEVEL SECURITY;
CREATE POLICY alerts_tenant ON "alerts" USING (partner_id = app_partner_id() AND app_client_id() IS NULL) WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NULL);
CREATE POLICY alerts_system ON "alerts" USING (app_system()) WITH CHECK (app_system());

-- History is append-only for the application.
ALTER TABLE "alert_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alert_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_events_tenant_read ON "alert_events" FOR SELECT USING (partner_id = app_partner_id() AND app_client_id() IS NULL);
CREATE POLICY alert_events_tenant_insert ON "alert_events" FOR INSERT WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NULL);
CREATE POLICY alert_events_system ON "alert_events" USING (app_system()) WITH CHECK (app_system());
REVOKE UPDATE, DELETE, TRUNCATE ON "alert_events" FROM storeflow_app;

ALTER TABLE "alert_deliveries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "alert_deliveries" FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_deliveries_tenant ON "alert_deliveries" USING (partner_id = app_partner_id() AND app_client_id() IS NULL) WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NULL);
CREATE POLICY alert_deliveries_system ON "alert_deliveries" USING (app_system()) WITH CHECK (app_system());
