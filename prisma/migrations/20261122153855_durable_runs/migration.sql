-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "StepStatus" AS ENUM ('running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "workflow_runs" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "workflow_key" TEXT NOT NULL,
    "workflow_version" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "input" JSONB NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'running',
    "current_step" TEXT,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "idempotency_key" TEXT NOT NULL,
    "error" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "workflow_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "step_runs" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "step_key" TEXT NOT NULL,
    "iteration" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL,
    "status" "StepStatus" NOT NULL DEFAULT 'running',
    "input" JSONB,
    "output" JSONB,
    "error" JSONB,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "step_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID,
    "job_name" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "workflow_runs_partner_id_client_id_created_at_idx" ON "workflow_runs"("partner_id", "client_id", "created_at");

-- CreateIndex
CREATE INDEX "workflow_runs_status_updated_at_idx" ON "workflow_runs"("status", "updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_runs_client_id_idempotency_key_key" ON "workflow_runs"("client_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "step_runs_partner_id_client_id_idx" ON "step_runs"("partner_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "step_runs_run_id_step_key_iteration_attempt_key" ON "step_runs"("run_id", "step_key", "iteration", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_job_id_key" ON "outbox_messages"("job_id");

-- CreateIndex
CREATE INDEX "outbox_messages_partner_id_idx" ON "outbox_messages"("partner_id");

-- AddForeignKey
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "step_runs" ADD CONSTRAINT "step_runs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "workflow_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

-- A completed step is recorded exactly once, whatever retries and crashes do.
CREATE UNIQUE INDEX "step_runs_one_success_key" ON "step_runs" (run_id, step_key, iteration) WHERE status = 'succeeded';
-- The relay scans only what is still to publish.
CREATE INDEX "outbox_messages_pending_idx" ON "outbox_messages" (available_at, id) WHERE published_at IS NULL;
-- The reconciler scans only live runs.
CREATE INDEX "workflow_runs_live_idx" ON "workflow_runs" (updated_at) WHERE status = 'running';

-- The system scope belongs to the worker fleet's own machinery (outbox relay,
-- reconciler): it may find work across tenants, and acts on a run only after
-- switching to that run's tenant scope.
CREATE FUNCTION app_system() RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT COALESCE(current_setting('app.system', true), '') = 'on' $$;

ALTER TABLE "workflow_runs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workflow_runs" FORCE ROW LEVEL SECURITY;
CREATE POLICY workflow_runs_tenant ON "workflow_runs"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY workflow_runs_system_read ON "workflow_runs" FOR SELECT USING (app_system());

ALTER TABLE "step_runs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "step_runs" FORCE ROW LEVEL SECURITY;
CREATE POLICY step_runs_tenant ON "step_runs"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));

ALTER TABLE "outbox_messages" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "outbox_messages" FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_messages_tenant ON "outbox_messages"
  USING (partner_id = app_partner_id() AND (client_id IS NULL OR app_client_visible(client_id)))
  WITH CHECK (partner_id = app_partner_id() AND (client_id IS NULL OR app_client_visible(client_id)));
CREATE POLICY outbox_messages_system ON "outbox_messages"
  USING (app_system()) WITH CHECK (app_system());
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO storeflow_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO storeflow_app;
