-- CreateEnum
CREATE TYPE "UsageReportStatus" AS ENUM ('pending', 'sent');

-- CreateTable
CREATE TABLE "partner_billing" (
    "partner_id" UUID NOT NULL,
    "stripe_customer_id" TEXT NOT NULL,
    "plan_key" TEXT,
    "stripe_subscription_id" TEXT,
    "subscription_status" TEXT,
    "current_period_start" TIMESTAMPTZ(3),
    "current_period_end" TIMESTAMPTZ(3),
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_billing_pkey" PRIMARY KEY ("partner_id")
);

-- CreateTable
CREATE TABLE "partner_invoices" (
    "stripe_invoice_id" TEXT NOT NULL,
    "partner_id" UUID NOT NULL,
    "stripe_subscription_id" TEXT,
    "number" TEXT,
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "amount_due" INTEGER NOT NULL,
    "amount_paid" INTEGER NOT NULL,
    "hosted_invoice_url" TEXT,
    "invoice_pdf" TEXT,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "stripe_created_at" TIMESTAMPTZ(3) NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_invoices_pkey" PRIMARY KEY ("stripe_invoice_id")
);

-- CreateTable
CREATE TABLE "usage_reports" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "sequence" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "runs_counted" INTEGER NOT NULL,
    "stripe_customer_id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "event_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "status" "UsageReportStatus" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "usage_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stripe_account_id" TEXT,
    "stripe_created_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "partner_billing_stripe_customer_id_key" ON "partner_billing"("stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "partner_billing_stripe_subscription_id_key" ON "partner_billing"("stripe_subscription_id");

-- CreateIndex
CREATE INDEX "partner_invoices_partner_id_stripe_created_at_idx" ON "partner_invoices"("partner_id", "stripe_created_at");

-- CreateIndex
CREATE UNIQUE INDEX "usage_reports_identifier_key" ON "usage_reports"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "usage_reports_partner_id_period_start_sequence_key" ON "usage_reports"("partner_id", "period_start", "sequence");

-- AddForeignKey
ALTER TABLE "partner_billing" ADD CONSTRAINT "partner_billing_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "partner_invoices" ADD CONSTRAINT "partner_invoices_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_reports" ADD CONSTRAINT "usage_reports_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Partner-scoped billing state: each partner sees only its own rows. The system
-- scope (the worker's usage reporter, the Stripe webhook processor) finds rows
-- across partners, by Stripe id, and always writes the partner id it found.
ALTER TABLE "partner_billing" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "partner_billing" FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_billing_tenant ON "partner_billing"
  USING (partner_id = app_partner_id())
  WITH CHECK (partner_id = app_partner_id());
CREATE POLICY partner_billing_system ON "partner_billing" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "partner_invoices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "partner_invoices" FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_invoices_tenant ON "partner_invoices"
  USING (partner_id = app_partner_id())
  WITH CHECK (partner_id = app_partner_id());
CREATE POLICY partner_invoices_system ON "partner_invoices" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "usage_reports" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "usage_reports" FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_reports_tenant ON "usage_reports"
  USING (partner_id = app_partner_id())
  WITH CHECK (partner_id = app_partner_id());
CREATE POLICY usage_reports_system ON "usage_reports" USING (app_system()) WITH CHECK (app_system());

-- Events arrive before any tenant is known: only the system scope reads or writes them.
ALTER TABLE "stripe_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stripe_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY stripe_events_system ON "stripe_events" USING (app_system()) WITH CHECK (app_system());

-- The reporter's first look each pass: reports written but not yet acknowledged by Stripe.
CREATE INDEX "usage_reports_pending_idx" ON "usage_reports" (created_at) WHERE status = 'pending';
-- Events whose processing failed, for a sweep to retry.
CREATE INDEX "stripe_events_unprocessed_idx" ON "stripe_events" (received_at) WHERE processed_at IS NULL;
-- The usage count: a partner's runs by when they finished.
CREATE INDEX "workflow_runs_partner_finished_idx" ON "workflow_runs" (partner_id, finished_at) WHERE finished_at IS NOT NULL;
