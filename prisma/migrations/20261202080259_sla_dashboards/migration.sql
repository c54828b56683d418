-- CreateEnum
CREATE TYPE "SlaGrain" AS ENUM ('minute', 'hour', 'day');

-- CreateEnum
CREATE TYPE "SlaBreachKind" AS ENUM ('run_duration', 'backlog_age', 'cadence', 'success_rate');

-- AlterTable
ALTER TABLE "workflow_runs" ADD COLUMN     "sla_deadline" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "sla_targets" (
    "installation_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "template_key" TEXT NOT NULL,
    "template_version" TEXT NOT NULL,
    "run_duration_ms" BIGINT NOT NULL,
    "success_rate" DOUBLE PRECISION NOT NULL,
    "window_ms" BIGINT NOT NULL,
    "max_backlog_age_ms" BIGINT NOT NULL,
    "cadence_ms" BIGINT,
    "overrides" JSONB NOT NULL DEFAULT '{}',
    "last_succeeded_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_targets_pkey" PRIMARY KEY ("installation_id")
);

-- CreateTable
CREATE TABLE "sla_breaches" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "installation_id" UUID NOT NULL,
    "kind" "SlaBreachKind" NOT NULL,
    "run_id" UUID,
    "dedupe_key" TEXT NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "sla_breaches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sla_rollups" (
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "installation_id" UUID NOT NULL,
    "grain" "SlaGrain" NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "attained" INTEGER NOT NULL DEFAULT 0,
    "breaches" INTEGER NOT NULL DEFAULT 0,
    "backlog" INTEGER NOT NULL DEFAULT 0,
    "backlog_age_ms" BIGINT NOT NULL DEFAULT 0,
    "duration_sum_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "duration_histogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_rollups_pkey" PRIMARY KEY ("installation_id","grain","bucket_start")
);

-- CreateTable
CREATE TABLE "sla_watermarks" (
    "name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "run_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_watermarks_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "run_retention" (
    "partner_id" UUID NOT NULL,
    "raw_days" INTEGER NOT NULL DEFAULT 30,
    "pruned_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_retention_pkey" PRIMARY KEY ("partner_id")
);

-- CreateIndex
CREATE INDEX "sla_targets_partner_id_client_id_idx" ON "sla_targets"("partner_id", "client_id");

-- CreateIndex
CREATE INDEX "sla_breaches_partner_id_client_id_detected_at_idx" ON "sla_breaches"("partner_id", "client_id", "detected_at");

-- CreateIndex
CREATE INDEX "sla_breaches_detected_at_id_idx" ON "sla_breaches"("detected_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "sla_breaches_installation_id_kind_dedupe_key_key" ON "sla_breaches"("installation_id", "kind", "dedupe_key");

-- CreateIndex
CREATE INDEX "sla_rollups_partner_id_client_id_grain_bucket_start_idx" ON "sla_rollups"("partner_id", "client_id", "grain", "bucket_start");

-- CreateIndex
CREATE INDEX "sla_rollups_partner_id_grain_bucket_start_idx" ON "sla_rollups"("partner_id", "grain", "bucket_start");

-- CreateIndex
CREATE INDEX "sla_rollups_grain_bucket_start_idx" ON "sla_rollups"("grain", "bucket_start");


-- Open exceptions per client for the SLA dashboards: only failed runs are in it, so starting and finishing runs cost nothing here.
CREATE INDEX "workflow_runs_open_exceptions_idx" ON "workflow_runs" (partner_id, client_id) WHERE status = 'failed';

-- Tenants read their targets and set overrides through the API (permission-checked there). The monitor and run starts use the system scope.
ALTER TABLE "sla_targets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_targets" FORCE ROW LEVEL SECURITY;
CREATE POLICY sla_targets_tenant ON "sla_targets" USING (partner_id = app_partner_id() AND app_client_visible(client_id)) WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY sla_targets_system ON "sla_targets" USING (app_system()) WITH CHECK (app_system());

-- Only the SLA monitor (system scope) writes breaches and rollups: tenants read theirs and cannot forge or edit them.
ALTER TABLE "sla_breaches" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_breaches" FORCE ROW LEVEL SECURITY;
CREATE POLICY sla_breaches_tenant ON "sla_breaches" FOR SELECT USING (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY sla_breaches_system ON "sla_breaches" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "sla_rollups" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_rollups" FORCE ROW LEVEL SECURITY;
CREATE POLICY sla_rollups_tenant ON "sla_rollups" FOR SELECT USING (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY sla_rollups_system ON "sla_rollups" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "sla_watermarks" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_watermarks" FORCE ROW LEVEL SECURITY;
CREATE POLICY sla_watermarks_system ON "sla_watermarks" USING (app_system()) WITH CHECK (app_system());

-- A partner-wide setting: client users cannot see or change it.
ALTER TABLE "run_retention" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "run_retention" FORCE ROW LEVEL SECURITY;
CREATE POLICY run_retention_tenant ON "run_retention" USING (partner_id = app_partner_id() AND app_client_id() IS NULL) WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NULL);
CREATE POLICY run_retention_system ON "run_retention" USING (app_system()) WITH CHECK (app_system());
