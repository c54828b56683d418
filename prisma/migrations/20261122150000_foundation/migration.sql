-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('platform_admin', 'partner_owner', 'partner_admin', 'partner_operator', 'client_admin', 'client_viewer');

-- CreateEnum
CREATE TYPE "ClientStatus" AS ENUM ('active', 'archived');

-- CreateTable
CREATE TABLE "partners" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "logo_url" TEXT,
    "favicon_url" TEXT,
    "primary_color" TEXT NOT NULL DEFAULT '#2563eb',
    "accent_color" TEXT NOT NULL DEFAULT '#0f766e',
    "custom_domain" TEXT,
    "support_email" TEXT NOT NULL,
    "show_powered_by" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clients" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "status" "ClientStatus" NOT NULL DEFAULT 'active',
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stores" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "city" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "email_verified" TIMESTAMPTZ(3),
    "image" TEXT,
    "password_hash" TEXT,
    "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "partner_id" UUID,
    "client_id" UUID,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitations" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by_id" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "client_id" UUID,
    "actor_user_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_account_id" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "session_token" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_tokens" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "verification_tokens_pkey" PRIMARY KEY ("identifier","token")
);

-- CreateTable
CREATE TABLE "outbox_emails" (
    "id" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_emails_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "partners_slug_key" ON "partners"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "partners_custom_domain_key" ON "partners"("custom_domain");

-- CreateIndex
CREATE INDEX "clients_partner_id_idx" ON "clients"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "clients_partner_id_slug_key" ON "clients"("partner_id", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "clients_partner_id_id_key" ON "clients"("partner_id", "id");

-- CreateIndex
CREATE INDEX "stores_partner_id_client_id_idx" ON "stores"("partner_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "stores_client_id_code_key" ON "stores"("client_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_partner_id_client_id_idx" ON "memberships"("partner_id", "client_id");

-- CreateIndex
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");

-- CreateIndex
CREATE INDEX "invitations_partner_id_client_id_idx" ON "invitations"("partner_id", "client_id");

-- CreateIndex
CREATE INDEX "audit_events_partner_id_created_at_idx" ON "audit_events"("partner_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_partner_id_client_id_created_at_idx" ON "audit_events"("partner_id", "client_id", "created_at");

-- CreateIndex
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_provider_provider_account_id_key" ON "accounts"("provider", "provider_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_session_token_key" ON "sessions"("session_token");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "outbox_emails_to_created_at_idx" ON "outbox_emails"("to", "created_at");

-- AddForeignKey
ALTER TABLE "clients" ADD CONSTRAINT "clients_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stores" ADD CONSTRAINT "stores_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stores" ADD CONSTRAINT "stores_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_partner_id_client_id_fkey" FOREIGN KEY ("partner_id", "client_id") REFERENCES "clients"("partner_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------

-- Platform admin is the only membership without a partner: a client-scoped
-- membership must carry a client role and vice versa.
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_scope_matches_role" CHECK (
  (role = 'platform_admin' AND partner_id IS NULL AND client_id IS NULL)
  OR (role IN ('partner_owner', 'partner_admin', 'partner_operator') AND partner_id IS NOT NULL AND client_id IS NULL)
  OR (role IN ('client_admin', 'client_viewer') AND partner_id IS NOT NULL AND client_id IS NOT NULL)
);
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_scope_matches_role" CHECK (
  (role IN ('partner_owner', 'partner_admin', 'partner_operator') AND client_id IS NULL)
  OR (role IN ('client_admin', 'client_viewer') AND client_id IS NOT NULL)
);
CREATE UNIQUE INDEX "memberships_user_tenant_key"
  ON "memberships" (user_id, COALESCE(partner_id, '00000000-0000-0000-0000-000000000000'::uuid), COALESCE(client_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE UNIQUE INDEX "invitations_pending_email_key"
  ON "invitations" (partner_id, lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" (lower(email));

-- The application logs in as storeflow_app, which can never bypass row-level
-- security. scripts/db-setup.ts creates the role and sets its password before
-- migrations run (Prisma's migration runner splits scripts at every semicolon,
-- so a DO block cannot create it here).
ALTER ROLE storeflow_app NOSUPERUSER NOBYPASSRLS;
GRANT USAGE ON SCHEMA public TO storeflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO storeflow_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO storeflow_app;
REVOKE ALL ON "_prisma_migrations" FROM storeflow_app;

-- Audit is append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM storeflow_app;

-- Tenant scope is a per-transaction setting written by withTenant(): an unset or
-- empty setting reads as NULL, and NULL matches no row.
CREATE FUNCTION app_partner_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('app.partner_id', true), '')::uuid $$;
CREATE FUNCTION app_client_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('app.client_id', true), '')::uuid $$;
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;
-- The identity scope is used only by sign-in and invitation acceptance, which must
-- find a user or token before any tenant is known.
CREATE FUNCTION app_identity() RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT COALESCE(current_setting('app.identity', true), '') = 'on' $$;
-- True when the row's client is inside the current scope: partner-wide scopes see
-- every client of their partner, client scopes see only their own client.
CREATE FUNCTION app_client_visible(row_client_id uuid) RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT app_client_id() IS NULL OR row_client_id = app_client_id() $$;

ALTER TABLE "partners" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "partners" FORCE ROW LEVEL SECURITY;
CREATE POLICY partners_tenant ON "partners"
  USING (id = app_partner_id()) WITH CHECK (id = app_partner_id());
CREATE POLICY partners_identity_read ON "partners" FOR SELECT USING (app_identity());

ALTER TABLE "clients" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clients" FORCE ROW LEVEL SECURITY;
CREATE POLICY clients_tenant ON "clients"
  USING (partner_id = app_partner_id() AND app_client_visible(id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(id));
CREATE POLICY clients_identity_read ON "clients" FOR SELECT USING (app_identity());

ALTER TABLE "stores" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stores" FORCE ROW LEVEL SECURITY;
CREATE POLICY stores_tenant ON "stores"
  USING (partner_id = app_partner_id() AND app_client_visible(client_id))
  WITH CHECK (partner_id = app_partner_id() AND app_client_visible(client_id));

ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
-- A client scope sees only memberships of its own client, never the partner's team.
CREATE POLICY memberships_tenant ON "memberships"
  USING (partner_id = app_partner_id() AND (app_client_id() IS NULL OR client_id = app_client_id()))
  WITH CHECK (partner_id = app_partner_id() AND (app_client_id() IS NULL OR client_id = app_client_id()));
CREATE POLICY memberships_identity_read ON "memberships" FOR SELECT USING (app_identity());

ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant ON "invitations"
  USING (partner_id = app_partner_id() AND (app_client_id() IS NULL OR client_id = app_client_id()))
  WITH CHECK (partner_id = app_partner_id() AND (app_client_id() IS NULL OR client_id = app_client_id()));
CREATE POLICY invitations_identity_read ON "invitations" FOR SELECT USING (app_identity());

ALTER TABLE "audit_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_tenant ON "audit_events"
  USING (partner_id = app_partner_id() AND (app_client_id() IS NULL OR client_id = app_client_id()))
  WITH CHECK (partner_id = app_partner_id() AND (app_client_id() IS NULL OR client_id = app_client_id()));

-- Users are global identities: a tenant scope sees only users who are members of
-- something it can see (the subquery is itself filtered by memberships' policy).
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
CREATE POLICY users_self ON "users"
  USING (id = app_user_id()) WITH CHECK (id = app_user_id());
CREATE POLICY users_identity ON "users"
  USING (app_identity()) WITH CHECK (app_identity());
CREATE POLICY users_tenant_read ON "users" FOR SELECT
  USING (EXISTS (SELECT 1 FROM "memberships" m WHERE m.user_id = "users".id));

ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "sessions" FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_owner ON "sessions"
  USING (app_identity() OR user_id = app_user_id()) WITH CHECK (app_identity() OR user_id = app_user_id());

ALTER TABLE "accounts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "accounts" FORCE ROW LEVEL SECURITY;
CREATE POLICY accounts_owner ON "accounts"
  USING (app_identity() OR user_id = app_user_id()) WITH CHECK (app_identity() OR user_id = app_user_id());

ALTER TABLE "verification_tokens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "verification_tokens" FORCE ROW LEVEL SECURITY;
CREATE POLICY verification_tokens_identity ON "verification_tokens"
  USING (app_identity()) WITH CHECK (app_identity());

ALTER TABLE "outbox_emails" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "outbox_emails" FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_emails_identity ON "outbox_emails"
  USING (app_identity()) WITH CHECK (app_identity());
