-- DropIndex
DROP INDEX "workflow_runs_status_updated_at_idx";

-- AlterTable
ALTER TABLE "workflow_runs" DROP COLUMN "definition",
ADD COLUMN     "definition_hash" TEXT NOT NULL,
ADD COLUMN     "due_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "pending_job_id" TEXT,
ADD COLUMN     "step_attempt" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "step_runs" ADD COLUMN     "deliveries" INTEGER NOT NULL DEFAULT 1;

-- DropTable
DROP TABLE "outbox_messages";

-- CreateTable
CREATE TABLE "workflow_definitions" (
    "partner_id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_definitions_pkey" PRIMARY KEY ("partner_id","hash")
);

-- AddForeignKey
ALTER TABLE "workflow_definitions" ADD CONSTRAINT "workflow_definitions_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_partner_id_definition_hash_fkey" FOREIGN KEY ("partner_id", "definition_hash") REFERENCES "workflow_definitions"("partner_id", "hash") ON DELETE RESTRICT ON UPDATE CASCADE;



-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

-- The reconciler scans live runs by when their work is due.
DROP INDEX "workflow_runs_live_idx";
CREATE INDEX "workflow_runs_live_due_idx" ON "workflow_runs" (due_at) WHERE status = 'running';

-- Definitions may carry a partner's business rules: tenant rows like any other.
ALTER TABLE "workflow_definitions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workflow_definitions" FORCE ROW LEVEL SECURITY;
CREATE POLICY workflow_definitions_tenant ON "workflow_definitions"
  USING (partner_id = app_partner_id()) WITH CHECK (partner_id = app_partner_id());

-- The run executor works one statement per step on a connection in the system
-- scope (a transaction that sets tenant settings would cost four round trips per
-- step), so the system scope may write runs, step attempts and definitions. Every
-- statement it sends names the run's partner and client explicitly.
DROP POLICY workflow_runs_system_read ON "workflow_runs";
CREATE POLICY workflow_runs_system ON "workflow_runs" USING (app_system()) WITH CHECK (app_system());
CREATE POLICY step_runs_system ON "step_runs" USING (app_system()) WITH CHECK (app_system());
CREATE POLICY workflow_definitions_system ON "workflow_definitions" USING (app_system()) WITH CHECK (app_system());
