-- CreateTable
CREATE TABLE "sla_client_rollups" (
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "grain" TEXT NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "attained" INTEGER NOT NULL DEFAULT 0,
    "breaches" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_client_rollups_pkey" PRIMARY KEY ("partner_id","grain","bucket_start","client_id")
);

-- CreateTable
CREATE TABLE "sla_counted_failures" (
    "run_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "installation_id" UUID NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "sla_counted_failures_pkey" PRIMARY KEY ("run_id")
);


-- Text rather than the enum: see the model. The grains the partner overview reads.
ALTER TABLE "sla_client_rollups" ADD CONSTRAINT "sla_client_rollups_grain_check" CHECK (grain IN ('hour', 'day'));

-- A counted failure goes with its run (retention deletes runs).
ALTER TABLE "sla_counted_failures" ADD CONSTRAINT "sla_counted_failures_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "workflow_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The client level starts from what the installation level already holds.
INSERT INTO "sla_client_rollups" (partner_id, client_id, grain, bucket_start, runs, succeeded, failed, cancelled, attained, breaches)
SELECT partner_id, client_id, grain::text, bucket_start, sum(runs), sum(succeeded), sum(failed), sum(cancelled), sum(attained), sum(breaches)
FROM "sla_rollups" WHERE grain IN ('hour', 'day') GROUP BY partner_id, client_id, grain, bucket_start;

-- Only the SLA monitor (system scope) writes these. The tenant predicate compares the columns with the settings
-- directly (no function per row), so partner_id is an index condition on the primary key.
ALTER TABLE "sla_client_rollups" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_client_rollups" FORCE ROW LEVEL SECURITY;
CREATE POLICY sla_client_rollups_tenant ON "sla_client_rollups" FOR SELECT USING (
  partner_id = NULLIF(current_setting('app.partner_id', true), '')::uuid
  AND (NULLIF(current_setting('app.client_id', true), '') IS NULL OR client_id = NULLIF(current_setting('app.client_id', true), '')::uuid));
CREATE POLICY sla_client_rollups_system ON "sla_client_rollups" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "sla_counted_failures" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sla_counted_failures" FORCE ROW LEVEL SECURITY;
CREATE POLICY sla_counted_failures_system ON "sla_counted_failures" USING (app_system()) WITH CHECK (app_system());
