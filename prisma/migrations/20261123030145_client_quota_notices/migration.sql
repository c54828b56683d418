-- CreateEnum
CREATE TYPE "QuotaNoticeKind" AS ENUM ('warn', 'pause');

-- CreateTable
CREATE TABLE "client_quota_notices" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "kind" "QuotaNoticeKind" NOT NULL,
    "runs" INTEGER NOT NULL,
    "quota" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_quota_notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "client_quota_notices_partner_id_created_at_idx" ON "client_quota_notices"("partner_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "client_quota_notices_client_id_month_kind_key" ON "client_quota_notices"("client_id", "month", "kind");

-- AddForeignKey
ALTER TABLE "client_quota_notices" ADD CONSTRAINT "client_quota_notices_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

ALTER TABLE "client_quota_notices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "client_quota_notices" FORCE ROW LEVEL SECURITY;
CREATE POLICY client_quota_notices_tenant ON "client_quota_notices"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
-- The quota monitor reads every client's notices from the system scope, and
-- writes them (with the pause and its audit event) in the client's own scope.
CREATE POLICY client_quota_notices_system_read ON "client_quota_notices" FOR SELECT USING (app_system());
