-- Approvals remember when people were told about them: the approval notice
-- sweep e-mails the assignees of each pending approval once, and escalateTo's
-- people once after its escalation, and marks it in the same transaction.
-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "escalation_notified_at" TIMESTAMPTZ(3),
ADD COLUMN     "notified_at" TIMESTAMPTZ(3);


-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

-- The sweep's queue: pending approvals with a notice still to send, oldest
-- first. Its predicate must stay the same as the sweep's (runs.approval-notice-due).
CREATE INDEX "approvals_notice_due_idx" ON "approvals" (created_at)
  WHERE status = 'pending' AND (notified_at IS NULL OR (escalated_at IS NOT NULL AND escalation_notified_at IS NULL AND escalate_to IS NOT NULL));
