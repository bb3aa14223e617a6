-- CreateEnum
CREATE TYPE "AccessKeyStatus" AS ENUM ('Active', 'Inactive');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('success', 'failure');

-- CreateTable
CREATE TABLE "system_settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "system_settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" VARCHAR(12) NOT NULL,
    "alias" TEXT,
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "iam_users" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "permissions_boundary_arn" TEXT,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "iam_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_keys" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "user_id" TEXT,
    "secret_ciphertext" TEXT NOT NULL,
    "status" "AccessKeyStatus" NOT NULL DEFAULT 'Active',
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "last_used_service" TEXT,
    "last_used_region" TEXT,

    CONSTRAINT "access_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mfa_devices" (
    "serial_number" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "user_id" TEXT,
    "seed_ciphertext" TEXT NOT NULL,
    "enabled_at" TIMESTAMP(3),
    "last_used_time_step" BIGINT,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mfa_devices_pkey" PRIMARY KEY ("serial_number")
);

-- CreateTable
CREATE TABLE "managed_policies" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "description" TEXT,
    "default_version_id" TEXT NOT NULL DEFAULT 'v1',
    "last_version_number" INTEGER NOT NULL DEFAULT 1,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "managed_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_versions" (
    "policy_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_versions_pkey" PRIMARY KEY ("policy_id","version_id")
);

-- CreateTable
CREATE TABLE "user_inline_policies" (
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "document" TEXT NOT NULL,

    CONSTRAINT "user_inline_policies_pkey" PRIMARY KEY ("user_id","name")
);

-- CreateTable
CREATE TABLE "user_policy_attachments" (
    "user_id" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,

    CONSTRAINT "user_policy_attachments_pkey" PRIMARY KEY ("user_id","policy_id")
);

-- CreateTable
CREATE TABLE "roles" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "description" TEXT,
    "trust_policy" TEXT NOT NULL,
    "max_session_duration" INTEGER NOT NULL DEFAULT 3600,
    "permissions_boundary_arn" TEXT,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "sessions_revoked_before" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),
    "last_used_region" TEXT,
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_inline_policies" (
    "role_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "document" TEXT NOT NULL,

    CONSTRAINT "role_inline_policies_pkey" PRIMARY KEY ("role_id","name")
);

-- CreateTable
CREATE TABLE "role_policy_attachments" (
    "role_id" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,

    CONSTRAINT "role_policy_attachments_pkey" PRIMARY KEY ("role_id","policy_id")
);

-- CreateTable
CREATE TABLE "saml_providers" (
    "arn" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metadata_xml" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "signing_certificates" TEXT[],
    "valid_until" TIMESTAMP(3) NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "saml_providers_pkey" PRIMARY KEY ("arn")
);

-- CreateTable
CREATE TABLE "oidc_providers" (
    "arn" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "client_ids" TEXT[],
    "thumbprints" TEXT[],
    "tags" JSONB NOT NULL DEFAULT '[]',
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oidc_providers_pkey" PRIMARY KEY ("arn")
);

-- CreateTable
CREATE TABLE "mapping_rules" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider_arn" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "predicate" JSONB NOT NULL,
    "role_arns" TEXT[],
    "session_tags" JSONB NOT NULL DEFAULT '{}',
    "max_session_duration" INTEGER,
    "from_config" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mapping_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "request_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" "AuditOutcome" NOT NULL,
    "error_code" TEXT,
    "account_id" TEXT,
    "principal_arn" TEXT,
    "source_ip" TEXT,
    "user_agent" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "one_time_uses" (
    "kind" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "consumed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "one_time_uses_pkey" PRIMARY KEY ("kind","digest")
);

-- CreateTable
CREATE TABLE "key_ring_keys" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "material_ciphertext" TEXT NOT NULL,
    "public_material" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "key_ring_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_alias_key" ON "accounts"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "iam_users_account_id_name_key_key" ON "iam_users"("account_id", "name_key");

-- CreateIndex
CREATE INDEX "access_keys_account_id_idx" ON "access_keys"("account_id");

-- CreateIndex
CREATE INDEX "access_keys_user_id_idx" ON "access_keys"("user_id");

-- CreateIndex
CREATE INDEX "mfa_devices_user_id_idx" ON "mfa_devices"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "mfa_devices_account_id_name_key_key" ON "mfa_devices"("account_id", "name_key");

-- CreateIndex
CREATE UNIQUE INDEX "managed_policies_account_id_name_key_key" ON "managed_policies"("account_id", "name_key");

-- CreateIndex
CREATE INDEX "user_policy_attachments_policy_id_idx" ON "user_policy_attachments"("policy_id");

-- CreateIndex
CREATE UNIQUE INDEX "roles_account_id_name_key_key" ON "roles"("account_id", "name_key");

-- CreateIndex
CREATE INDEX "role_policy_attachments_policy_id_idx" ON "role_policy_attachments"("policy_id");

-- CreateIndex
CREATE UNIQUE INDEX "saml_providers_account_id_name_key" ON "saml_providers"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "oidc_providers_account_id_url_key" ON "oidc_providers"("account_id", "url");

-- CreateIndex
CREATE INDEX "mapping_rules_provider_arn_idx" ON "mapping_rules"("provider_arn");

-- CreateIndex
CREATE UNIQUE INDEX "mapping_rules_account_id_name_key" ON "mapping_rules"("account_id", "name");

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_account_id_occurred_at_idx" ON "audit_events"("account_id", "occurred_at");

-- CreateIndex
CREATE INDEX "one_time_uses_expires_at_idx" ON "one_time_uses"("expires_at");

-- CreateIndex
CREATE INDEX "key_ring_keys_purpose_retired_at_idx" ON "key_ring_keys"("purpose", "retired_at");

-- AddForeignKey
ALTER TABLE "iam_users" ADD CONSTRAINT "iam_users_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_keys" ADD CONSTRAINT "access_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_keys" ADD CONSTRAINT "access_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "iam_users"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mfa_devices" ADD CONSTRAINT "mfa_devices_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mfa_devices" ADD CONSTRAINT "mfa_devices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "iam_users"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "managed_policies" ADD CONSTRAINT "managed_policies_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "managed_policies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_inline_policies" ADD CONSTRAINT "user_inline_policies_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "iam_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_policy_attachments" ADD CONSTRAINT "user_policy_attachments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "iam_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_policy_attachments" ADD CONSTRAINT "user_policy_attachments_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "managed_policies"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "roles" ADD CONSTRAINT "roles_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_inline_policies" ADD CONSTRAINT "role_inline_policies_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_policy_attachments" ADD CONSTRAINT "role_policy_attachments_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_policy_attachments" ADD CONSTRAINT "role_policy_attachments_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "managed_policies"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saml_providers" ADD CONSTRAINT "saml_providers_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oidc_providers" ADD CONSTRAINT "oidc_providers_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mapping_rules" ADD CONSTRAINT "mapping_rules_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Invariants Prisma cannot express; the domain checks them first, these keep the table honest.
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_id_format" CHECK ("id" ~ '^[0-9]{12}$');
ALTER TABLE "roles" ADD CONSTRAINT "roles_max_session_duration_range" CHECK ("max_session_duration" BETWEEN 3600 AND 43200);
ALTER TABLE "mapping_rules" ADD CONSTRAINT "mapping_rules_max_session_duration_range" CHECK ("max_session_duration" IS NULL OR "max_session_duration" BETWEEN 900 AND 43200);
