-- CreateTable
CREATE TABLE "partner_ai_models" (
    "partner_id" UUID NOT NULL,
    "base_url" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "kek_id" TEXT NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "api_key_ciphertext" BYTEA NOT NULL,
    "api_key_hint" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "partner_ai_models_pkey" PRIMARY KEY ("partner_id")
);

-- CreateIndex
CREATE INDEX "partner_ai_models_kek_id_idx" ON "partner_ai_models"("kek_id");

-- AddForeignKey
ALTER TABLE "partner_ai_models" ADD CONSTRAINT "partner_ai_models_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


ALTER TABLE "partner_ai_models" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "partner_ai_models" FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_ai_models_tenant ON "partner_ai_models"
  USING (partner_id = app_partner_id())
  WITH CHECK (partner_id = app_partner_id());
CREATE POLICY partner_ai_models_system ON "partner_ai_models" USING (app_system()) WITH CHECK (app_system());
