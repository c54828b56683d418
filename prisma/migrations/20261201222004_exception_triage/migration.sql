-- AlterTable
ALTER TABLE "workflow_runs" ADD COLUMN     "triage" JSONB;

-- The triage sweep's queue: failed runs not yet triaged.
CREATE INDEX "workflow_runs_untriaged_idx" ON "workflow_runs" (finished_at) WHERE status = 'failed' AND triage IS NULL;
