-- CreateEnum
CREATE TYPE "ConnectionHealth" AS ENUM ('unknown', 'healthy', 'unhealthy');

-- CreateTable
CREATE TABLE "client_data_keys" (
    "client_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "kek_id" TEXT NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotated_at" TIMESTAMPTZ(3),

    CONSTRAINT "client_data_keys_pkey" PRIMARY KEY ("client_id")
);

-- CreateTable
CREATE TABLE "connections" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "connector_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "secret_hints" JSONB NOT NULL DEFAULT '{}',
    "secrets_set_at" TIMESTAMPTZ(3),
    "webhook_token" TEXT NOT NULL,
    "health" "ConnectionHealth" NOT NULL DEFAULT 'unknown',
    "health_detail" TEXT,
    "health_checked_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connection_secrets" (
    "connection_id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connection_secrets_pkey" PRIMARY KEY ("connection_id")
);

-- CreateTable
CREATE TABLE "inbound_webhooks" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "correlation_key" TEXT,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbound_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "client_data_keys_kek_id_idx" ON "client_data_keys"("kek_id");

-- CreateIndex
CREATE UNIQUE INDEX "client_data_keys_partner_id_client_id_key" ON "client_data_keys"("partner_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "connections_webhook_token_key" ON "connections"("webhook_token");

-- CreateIndex
CREATE INDEX "connections_partner_id_client_id_idx" ON "connections"("partner_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "connections_client_id_name_key" ON "connections"("client_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "connections_partner_id_client_id_id_key" ON "connections"("partner_id", "client_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "connection_secrets_partner_id_client_id_connection_id_key" ON "connection_secrets"("partner_id", "client_id", "connection_id");

-- CreateIndex
CREATE INDEX "inbound_webhooks_partner_id_client_id_received_at_idx" ON "inbound_webhooks"("partner_id", "client_id", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_webhooks_connection_id_delivery_id_key" ON "inbound_webhooks"("connection_id", "delivery_id");

-- AddForeignKey
ALTER TABLE "client_data_keys" ADD CONSTRAINT "client_data_keys_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection_secrets" ADD CONSTRAINT "connection_secrets_partner_id_client_id_connection_id_fkey" FOREIGN KEY ("partner_id", "client_id", "connection_id") REFERENCES "connections"("partner_id", "client_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_webhooks" ADD CONSTRAINT "inbound_webhooks_partner_id_client_id_connection_id_fkey" FOREIGN KEY ("partner_id", "client_id", "connection_id") REFERENCES "connections"("partner_id", "client_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

-- The ingress inserts webhooks for one connection many at a time: a foreign key
-- check would take a KEY SHARE lock on the connection row for each, and those
-- become MultiXacts (see runs_without_parent_locks). The ingress inserts with
-- INSERT ... SELECT from connections, and the application may not delete a
-- connection (it is archived), so no webhook loses its connection.
ALTER TABLE "inbound_webhooks" DROP CONSTRAINT "inbound_webhooks_partner_id_client_id_connection_id_fkey";
REVOKE DELETE ON "connections", "inbound_webhooks", "client_data_keys" FROM storeflow_app;

-- Webhooks accepted but not yet published to workflows: the publisher's queue.
CREATE INDEX "inbound_webhooks_unpublished_idx" ON "inbound_webhooks" (received_at) WHERE published_at IS NULL;

ALTER TABLE "client_data_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "client_data_keys" FORCE ROW LEVEL SECURITY;
CREATE POLICY client_data_keys_tenant ON "client_data_keys"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY client_data_keys_system ON "client_data_keys" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "connections" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "connections" FORCE ROW LEVEL SECURITY;
CREATE POLICY connections_tenant ON "connections"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY connections_system ON "connections" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "connection_secrets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "connection_secrets" FORCE ROW LEVEL SECURITY;
CREATE POLICY connection_secrets_tenant ON "connection_secrets"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY connection_secrets_system ON "connection_secrets" USING (app_system()) WITH CHECK (app_system());

ALTER TABLE "inbound_webhooks" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "inbound_webhooks" FORCE ROW LEVEL SECURITY;
CREATE POLICY inbound_webhooks_tenant ON "inbound_webhooks"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY inbound_webhooks_system ON "inbound_webhooks" USING (app_system()) WITH CHECK (app_system());
