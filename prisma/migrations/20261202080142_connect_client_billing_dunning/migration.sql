-- CreateEnum
CREATE TYPE "ClientInvoiceStatus" AS ENUM ('issuing', 'open', 'paid', 'void', 'uncollectible');

-- CreateEnum
CREATE TYPE "DunningPayer" AS ENUM ('partner', 'client');

-- CreateEnum
CREATE TYPE "DunningStatus" AS ENUM ('past_due', 'paused', 'resolved');

-- CreateTable
CREATE TABLE "partner_connect_accounts" (
    "partner_id" UUID NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "charges_enabled" BOOLEAN NOT NULL DEFAULT false,
    "payouts_enabled" BOOLEAN NOT NULL DEFAULT false,
    "details_submitted" BOOLEAN NOT NULL DEFAULT false,
    "requirements_due" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "disabled_reason" TEXT,
    "synced_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_connect_accounts_pkey" PRIMARY KEY ("partner_id")
);

-- CreateTable
CREATE TABLE "client_price_books" (
    "client_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    "monthly_fee" INTEGER NOT NULL,
    "included_runs" INTEGER NOT NULL,
    "overage_per_run" INTEGER NOT NULL,
    "template_add_ons" JSONB NOT NULL DEFAULT '[]',
    "grace_days" INTEGER NOT NULL DEFAULT 7,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_price_books_pkey" PRIMARY KEY ("client_id")
);

-- CreateTable
CREATE TABLE "client_billing_customers" (
    "client_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "stripe_customer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_billing_customers_pkey" PRIMARY KEY ("client_id")
);

-- CreateTable
CREATE TABLE "client_invoices" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "stripe_invoice_id" TEXT,
    "status" "ClientInvoiceStatus" NOT NULL DEFAULT 'issuing',
    "currency" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "runs" INTEGER NOT NULL,
    "included_runs" INTEGER NOT NULL,
    "subtotal" INTEGER NOT NULL,
    "application_fee" INTEGER NOT NULL,
    "number" TEXT,
    "hosted_invoice_url" TEXT,
    "invoice_pdf" TEXT,
    "issued_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dunning_cases" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID,
    "payer" "DunningPayer" NOT NULL,
    "status" "DunningStatus" NOT NULL DEFAULT 'past_due',
    "stripe_invoice_id" TEXT NOT NULL,
    "stripe_account_id" TEXT,
    "amount_due" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "hosted_invoice_url" TEXT,
    "failed_at" TIMESTAMPTZ(3) NOT NULL,
    "grace_ends_at" TIMESTAMPTZ(3) NOT NULL,
    "paused_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dunning_cases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "partner_connect_accounts_stripe_account_id_key" ON "partner_connect_accounts"("stripe_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "client_price_books_partner_id_client_id_key" ON "client_price_books"("partner_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "client_billing_customers_stripe_account_id_stripe_customer__key" ON "client_billing_customers"("stripe_account_id", "stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "client_billing_customers_partner_id_client_id_key" ON "client_billing_customers"("partner_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "client_invoices_stripe_invoice_id_key" ON "client_invoices"("stripe_invoice_id");

-- CreateIndex
CREATE INDEX "client_invoices_partner_id_period_idx" ON "client_invoices"("partner_id", "period");

-- CreateIndex
CREATE UNIQUE INDEX "client_invoices_client_id_period_key" ON "client_invoices"("client_id", "period");

-- CreateIndex
CREATE INDEX "dunning_cases_partner_id_status_idx" ON "dunning_cases"("partner_id", "status");

-- CreateIndex
CREATE INDEX "dunning_cases_stripe_invoice_id_idx" ON "dunning_cases"("stripe_invoice_id");

-- CreateIndex
CREATE INDEX "dunning_cases_status_grace_ends_at_idx" ON "dunning_cases"("status", "grace_ends_at");

-- AddForeignKey
ALTER TABLE "partner_connect_accounts" ADD CONSTRAINT "partner_connect_accounts_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_price_books" ADD CONSTRAINT "client_price_books_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_billing_customers" ADD CONSTRAINT "client_billing_customers_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "client_invoices" ADD CONSTRAINT "client_invoices_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------
-- Hand-written: partner to client billing and dunning.
-- ---------------------------------------------------------------------------

-- A partner's own Stripe account is partner staff's business, not its clients'.
ALTER TABLE "partner_connect_accounts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "partner_connect_accounts" FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_connect_accounts_tenant ON "partner_connect_accounts"
  USING (partner_id = app_partner_id() AND app_client_id() IS NULL)
  WITH CHECK (partner_id = app_partner_id() AND app_client_id() IS NULL);
-- Webhooks name only the Stripe account: the system scope finds its partner, then acts in that partner's scope.
CREATE POLICY partner_connect_accounts_system_read ON "partner_connect_accounts" FOR SELECT USING (app_system());

ALTER TABLE "client_price_books" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "client_price_books" FORCE ROW LEVEL SECURITY;
CREATE POLICY client_price_books_tenant ON "client_price_books"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY client_price_books_system_read ON "client_price_books" FOR SELECT USING (app_system());

ALTER TABLE "client_billing_customers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "client_billing_customers" FORCE ROW LEVEL SECURITY;
CREATE POLICY client_billing_customers_tenant ON "client_billing_customers"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));

ALTER TABLE "client_invoices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "client_invoices" FORCE ROW LEVEL SECURITY;
CREATE POLICY client_invoices_tenant ON "client_invoices"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
-- The issuing pass and the invoice webhooks find invoices across partners, then act in each one's scope.
CREATE POLICY client_invoices_system_read ON "client_invoices" FOR SELECT USING (app_system());

-- A partner's own case (client_id null) is hidden from its clients' users, each client sees only its own.
ALTER TABLE "dunning_cases" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "dunning_cases" FORCE ROW LEVEL SECURITY;
CREATE POLICY dunning_cases_tenant ON "dunning_cases"
  USING (partner_id = app_partner_id() AND (CASE WHEN client_id IS NULL THEN app_client_id() IS NULL ELSE app_client_visible(client_id) END))
  WITH CHECK (partner_id = app_partner_id() AND (CASE WHEN client_id IS NULL THEN app_client_id() IS NULL ELSE app_client_visible(client_id) END));
CREATE POLICY dunning_cases_system_read ON "dunning_cases" FOR SELECT USING (app_system());
-- One unresolved case per payer, so a redelivered or concurrent payment_failed opens nothing twice.
CREATE UNIQUE INDEX "dunning_cases_open_payer_key" ON "dunning_cases" (partner_id, (COALESCE(client_id, '00000000-0000-0000-0000-000000000000'::uuid))) WHERE status <> 'resolved';
-- Money is never negative.
ALTER TABLE "client_price_books" ADD CONSTRAINT "client_price_books_amounts_check" CHECK (monthly_fee >= 0 AND included_runs >= 0 AND overage_per_run >= 0 AND grace_days >= 0);
