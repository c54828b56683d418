-- An operator's retry of a run starts a new round: the approval or event wait
-- of the step it retries opens afresh in that round, keyed by it, and the ones
-- of earlier rounds stay as they ended (rejected, expired, cancelled).
-- DropIndex
DROP INDEX "approvals_run_id_step_key_iteration_key";

-- DropIndex
DROP INDEX "run_waits_run_id_step_key_iteration_key";

-- AlterTable
ALTER TABLE "workflow_runs" ADD COLUMN     "retry_round" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "run_waits" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "approvals_run_id_step_key_iteration_round_key" ON "approvals"("run_id", "step_key", "iteration", "round");

-- CreateIndex
CREATE UNIQUE INDEX "run_waits_run_id_step_key_iteration_round_key" ON "run_waits"("run_id", "step_key", "iteration", "round");

