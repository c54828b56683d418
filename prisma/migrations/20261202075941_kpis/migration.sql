-- CreateEnum
CREATE TYPE "KpiGrain" AS ENUM ('hour', 'day');

-- CreateEnum
CREATE TYPE "KpiAnomalyDirection" AS ENUM ('up', 'down');

-- CreateTable
CREATE TABLE "kpi_points" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "installation_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "kpi_key" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "kpi_points_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_rollups" (
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "installation_id" UUID NOT NULL,
    "kpi_key" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "grain" "KpiGrain" NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "p50" DOUBLE PRECISION NOT NULL,
    "p95" DOUBLE PRECISION NOT NULL,
    "sketch" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_rollups_pkey" PRIMARY KEY ("installation_id","dimension","grain","bucket_start","kpi_key")
);

-- CreateTable
CREATE TABLE "kpi_anomalies" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "installation_id" UUID NOT NULL,
    "kpi_key" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "grain" "KpiGrain" NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "observed" DOUBLE PRECISION NOT NULL,
    "baseline" DOUBLE PRECISION NOT NULL,
    "spread" DOUBLE PRECISION NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "direction" "KpiAnomalyDirection" NOT NULL,
    "baseline_buckets" INTEGER NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_anomalies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_watermarks" (
    "name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "run_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_watermarks_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "kpi_points_installation_id_kpi_key_at_idx" ON "kpi_points"("installation_id", "kpi_key", "at");

-- CreateIndex
CREATE INDEX "kpi_points_partner_id_client_id_at_idx" ON "kpi_points"("partner_id", "client_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_points_run_id_kpi_key_ordinal_key" ON "kpi_points"("run_id", "kpi_key", "ordinal");

-- CreateIndex
CREATE INDEX "kpi_rollups_partner_id_client_id_grain_bucket_start_idx" ON "kpi_rollups"("partner_id", "client_id", "grain", "bucket_start");

-- CreateIndex
CREATE INDEX "kpi_rollups_grain_bucket_start_idx" ON "kpi_rollups"("grain", "bucket_start");

-- CreateIndex
CREATE INDEX "kpi_anomalies_partner_id_client_id_bucket_start_idx" ON "kpi_anomalies"("partner_id", "client_id", "bucket_start");

-- CreateIndex
CREATE INDEX "kpi_anomalies_installation_id_bucket_start_idx" ON "kpi_anomalies"("installation_id", "bucket_start");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_anomalies_installation_id_kpi_key_dimension_grain_bucke_key" ON "kpi_anomalies"("installation_id", "kpi_key", "dimension", "grain", "bucket_start");


-- The KPI pass reads runs that finished since its watermark, in (finished_at, id) order.
CREATE INDEX "workflow_runs_kpi_scan_idx" ON "workflow_runs" (finished_at, id) WHERE finished_at IS NOT NULL AND installation_id IS NOT NULL;

-- Only the KPI pass (system scope) writes KPI rows: tenants read theirs and cannot forge or edit them.
ALTER TABLE "kpi_points" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "kpi_points" FORCE ROW LEVEL SECURITY;
CREATE POLICY kpi_points_tenant ON "kpi_points" FOR SELECT USING (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY kpi_points_system ON "kpi_points" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "kpi_rollups" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "kpi_rollups" FORCE ROW LEVEL SECURITY;
CREATE POLICY kpi_rollups_tenant ON "kpi_rollups" FOR SELECT USING (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY kpi_rollups_system ON "kpi_rollups" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "kpi_anomalies" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "kpi_anomalies" FORCE ROW LEVEL SECURITY;
CREATE POLICY kpi_anomalies_tenant ON "kpi_anomalies" FOR SELECT USING (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY kpi_anomalies_system ON "kpi_anomalies" USING (app_system()) WITH CHECK (app_system());

-- The pass's own bookkeeping: no tenant sees it.
ALTER TABLE "kpi_watermarks" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "kpi_watermarks" FORCE ROW LEVEL SECURITY;
CREATE POLICY kpi_watermarks_system ON "kpi_watermarks" USING (app_system()) WITH CHECK (app_system());
