-- AlterTable
ALTER TABLE "workflow_runs" ADD COLUMN     "installation_id" UUID;

-- AlterTable
ALTER TABLE "workflow_schedules" ADD COLUMN     "installation_id" UUID;

-- CreateTable
CREATE TABLE "installations" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "template_key" TEXT NOT NULL,
    "template_version" TEXT NOT NULL,
    "definition_hash" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "bindings" JSONB NOT NULL,
    "event_triggers" JSONB NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "uninstalled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "installations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "installations_partner_id_client_id_idx" ON "installations"("partner_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "installations_partner_id_id_key" ON "installations"("partner_id", "id");

-- CreateIndex
CREATE INDEX "workflow_runs_installation_id_created_at_idx" ON "workflow_runs"("installation_id", "created_at");

-- AddForeignKey
ALTER TABLE "workflow_schedules" ADD CONSTRAINT "workflow_schedules_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installations" ADD CONSTRAINT "installations_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "installations" ADD CONSTRAINT "installations_partner_id_definition_hash_fkey" FOREIGN KEY ("partner_id", "definition_hash") REFERENCES "workflow_definitions"("partner_id", "hash") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One live installation of a template per client: installing again is an upgrade
-- or a change of parameters, and an uninstalled one keeps its row for history.
CREATE UNIQUE INDEX "installations_live_template_key" ON "installations" ("client_id", "template_key") WHERE uninstalled_at IS NULL;

-- The webhook relay looks up the installations an event starts runs for.
CREATE INDEX "installations_event_triggers_idx" ON "installations" USING gin ("event_triggers" jsonb_path_ops) WHERE enabled AND uninstalled_at IS NULL;

-- Uninstalling keeps the row: the run history names it.
REVOKE DELETE ON "installations" FROM storeflow_app;

ALTER TABLE "installations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "installations" FORCE ROW LEVEL SECURITY;
CREATE POLICY installations_tenant ON "installations"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));
CREATE POLICY installations_system ON "installations" USING (app_system()) WITH CHECK (app_system());
