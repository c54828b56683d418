-- AlterTable
ALTER TABLE "workflow_runs" ADD COLUMN     "traceparent" TEXT;

-- AlterTable
ALTER TABLE "inbound_webhooks" ADD COLUMN     "traceparent" TEXT;

