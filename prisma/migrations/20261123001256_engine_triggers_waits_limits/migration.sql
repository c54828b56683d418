-- CreateEnum
CREATE TYPE "RunTrigger" AS ENUM ('manual', 'schedule', 'webhook', 'event', 'replay');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('pending', 'approved', 'rejected', 'expired', 'cancelled');

-- CreateEnum
CREATE TYPE "WaitStatus" AS ENUM ('open', 'received', 'expired', 'cancelled');

-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'resolved';

-- AlterTable
ALTER TABLE "clients" ADD COLUMN     "max_concurrent_steps" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "monthly_run_quota" INTEGER,
ADD COLUMN     "quota_warn_percent" INTEGER NOT NULL DEFAULT 80,
ADD COLUMN     "runs_pause_reason" TEXT,
ADD COLUMN     "runs_paused_at" TIMESTAMPTZ(3),
ADD COLUMN     "runs_per_minute" INTEGER;

-- AlterTable
ALTER TABLE "workflow_runs" ADD COLUMN     "correlation_key" TEXT,
ADD COLUMN     "current_iteration" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "parent_run_id" UUID,
ADD COLUMN     "resolution" JSONB,
ADD COLUMN     "trigger" "RunTrigger" NOT NULL DEFAULT 'manual',
ADD COLUMN     "trigger_ref" TEXT;

-- CreateTable
CREATE TABLE "workflow_schedules" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "definition_hash" TEXT NOT NULL,
    "bindings" TEXT[],
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "input" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_fired_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approvals" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "step_key" TEXT NOT NULL,
    "iteration" INTEGER NOT NULL DEFAULT 0,
    "title" TEXT NOT NULL,
    "assignees" JSONB NOT NULL,
    "escalate_to" JSONB,
    "details" JSONB NOT NULL DEFAULT '{}',
    "status" "ApprovalStatus" NOT NULL DEFAULT 'pending',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "escalate_at" TIMESTAMPTZ(3),
    "escalated_at" TIMESTAMPTZ(3),
    "decided_by_user_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_waits" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "step_key" TEXT NOT NULL,
    "iteration" INTEGER NOT NULL DEFAULT 0,
    "event" TEXT NOT NULL,
    "correlation_key" TEXT NOT NULL,
    "status" "WaitStatus" NOT NULL DEFAULT 'open',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "event_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "run_waits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workflow_events" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "correlation_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "source_run_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "workflow_schedules_partner_id_client_id_idx" ON "workflow_schedules"("partner_id", "client_id");

-- CreateIndex
CREATE INDEX "approvals_partner_id_status_created_at_idx" ON "approvals"("partner_id", "status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "approvals_run_id_step_key_iteration_key" ON "approvals"("run_id", "step_key", "iteration");

-- CreateIndex
CREATE INDEX "run_waits_client_id_event_correlation_key_idx" ON "run_waits"("client_id", "event", "correlation_key");

-- CreateIndex
CREATE UNIQUE INDEX "run_waits_run_id_step_key_iteration_key" ON "run_waits"("run_id", "step_key", "iteration");

-- CreateIndex
CREATE INDEX "workflow_events_client_id_event_correlation_key_received_at_idx" ON "workflow_events"("client_id", "event", "correlation_key", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "workflow_events_client_id_idempotency_key_key" ON "workflow_events"("client_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "workflow_runs_partner_id_correlation_key_idx" ON "workflow_runs"("partner_id", "correlation_key");

-- AddForeignKey
ALTER TABLE "workflow_schedules" ADD CONSTRAINT "workflow_schedules_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_schedules" ADD CONSTRAINT "workflow_schedules_partner_id_definition_hash_fkey" FOREIGN KEY ("partner_id", "definition_hash") REFERENCES "workflow_definitions"("partner_id", "hash") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "workflow_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_waits" ADD CONSTRAINT "run_waits_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_waits" ADD CONSTRAINT "run_waits_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "workflow_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

-- Waits still open are the only ones an arriving event looks for.
CREATE INDEX "run_waits_open_idx" ON "run_waits" (client_id, event, correlation_key) WHERE status = 'open';
-- The approvals inbox lists pending approvals, and the sweeper finds expiring ones.
CREATE INDEX "approvals_pending_idx" ON "approvals" (expires_at) WHERE status = 'pending';

ALTER TABLE "workflow_schedules" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workflow_schedules" FORCE ROW LEVEL SECURITY;
CREATE POLICY workflow_schedules_tenant ON "workflow_schedules"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY workflow_schedules_system ON "workflow_schedules" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "approvals" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "approvals" FORCE ROW LEVEL SECURITY;
CREATE POLICY approvals_tenant ON "approvals"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY approvals_system ON "approvals" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "run_waits" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "run_waits" FORCE ROW LEVEL SECURITY;
CREATE POLICY run_waits_tenant ON "run_waits"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY run_waits_system ON "run_waits" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "workflow_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workflow_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY workflow_events_tenant ON "workflow_events"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY workflow_events_system ON "workflow_events" USING (app_system()) WITH CHECK (app_system());

-- The fleet reads each client's limits and pause state (never writes them) from
-- the system scope.
CREATE POLICY clients_system_read ON "clients" FOR SELECT USING (app_system());
