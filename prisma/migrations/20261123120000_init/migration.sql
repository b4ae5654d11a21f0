-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('owner', 'admin', 'support');
CREATE TYPE "EmbedKeyAlgorithm" AS ENUM ('RS256', 'HS256');
CREATE TYPE "IntegrationVersionStatus" AS ENUM ('draft', 'published');
CREATE TYPE "InstanceStatus" AS ENUM ('configuring', 'deploying', 'active', 'paused', 'failed', 'removing', 'removed');
CREATE TYPE "ConnectionStatus" AS ENUM ('active', 'broken');
CREATE TYPE "EventVerdict" AS ENUM ('accepted', 'rejected', 'filtered', 'duplicate', 'buffered');
CREATE TYPE "ExecutionStatus" AS ENUM ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "organization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "retention_days" INTEGER NOT NULL DEFAULT 30,
    "allowed_origins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "theme" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "user_account" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "user_account_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "membership" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "MemberRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "login_attempt" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "login_attempt_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_by_id" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "embed_key" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "algorithm" "EmbedKeyAlgorithm" NOT NULL,
    "kid" TEXT NOT NULL,
    "public_key_pem" TEXT,
    "secret_encrypted" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "embed_key_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "oauth_app" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_encrypted" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "authorize_url" TEXT,
    "token_url" TEXT,
    "api_base_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "oauth_app_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "customer" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "integration" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT,
    "icon" TEXT,
    "listed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "integration_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "integration_version" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "IntegrationVersionStatus" NOT NULL DEFAULT 'draft',
    "source" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "release_notes" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "integration_version_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "instance" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "integration_version_id" UUID NOT NULL,
    "status" "InstanceStatus" NOT NULL DEFAULT 'configuring',
    "status_reason" TEXT,
    "config_values" JSONB NOT NULL DEFAULT '{}',
    "config_secrets_encrypted" TEXT,
    "wizard_progress" JSONB,
    "buffer_while_paused" BOOLEAN NOT NULL DEFAULT false,
    "deployed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "instance_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "connection" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "instance_id" UUID,
    "key" TEXT NOT NULL,
    "connector" TEXT NOT NULL,
    "auth_kind" TEXT NOT NULL,
    "account_label" TEXT,
    "credentials_encrypted" TEXT NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "refreshed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "connection_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "endpoint" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "flow_key" TEXT,
    "token" TEXT NOT NULL,
    "rotated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "endpoint_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "event" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "instance_id" UUID,
    "endpoint_id" UUID,
    "source" TEXT NOT NULL,
    "event_type" TEXT,
    "method" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "body" BYTEA,
    "verdict" "EventVerdict" NOT NULL,
    "reason" TEXT,
    "dedupe_key" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "execution" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "integration_version_id" UUID NOT NULL,
    "flow_key" TEXT NOT NULL,
    "event_id" UUID,
    "trigger" TEXT NOT NULL,
    "status" "ExecutionStatus" NOT NULL DEFAULT 'queued',
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "current_state" TEXT,
    "current_input" JSONB,
    "retry_count" INTEGER NOT NULL DEFAULT 0,
    "steps_committed" INTEGER NOT NULL DEFAULT 0,
    "wait_until" TIMESTAMPTZ(3),
    "wait_for" JSONB,
    "replay_of_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "execution_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "step_run" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "execution_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "state_name" TEXT NOT NULL,
    "state_type" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL,
    "input" JSONB,
    "output" JSONB,
    "error" JSONB,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    CONSTRAINT "step_run_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "instance_state" (
    "id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "instance_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_slug_key" ON "organization"("slug");
CREATE UNIQUE INDEX "user_account_email_key" ON "user_account"("email");
CREATE INDEX "membership_user_id_idx" ON "membership"("user_id");
CREATE UNIQUE INDEX "membership_organization_id_user_id_key" ON "membership"("organization_id", "user_id");
CREATE INDEX "login_attempt_email_created_at_idx" ON "login_attempt"("email", "created_at");
CREATE INDEX "login_attempt_ip_created_at_idx" ON "login_attempt"("ip", "created_at");
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");
CREATE INDEX "api_key_organization_id_idx" ON "api_key"("organization_id");
CREATE UNIQUE INDEX "embed_key_organization_id_kid_key" ON "embed_key"("organization_id", "kid");
CREATE UNIQUE INDEX "oauth_app_organization_id_provider_key" ON "oauth_app"("organization_id", "provider");
CREATE UNIQUE INDEX "customer_organization_id_external_id_key" ON "customer"("organization_id", "external_id");
CREATE UNIQUE INDEX "integration_organization_id_key_key" ON "integration"("organization_id", "key");
CREATE INDEX "integration_version_organization_id_idx" ON "integration_version"("organization_id");
CREATE UNIQUE INDEX "integration_version_integration_id_version_key" ON "integration_version"("integration_id", "version");
CREATE INDEX "instance_organization_id_status_idx" ON "instance"("organization_id", "status");
CREATE UNIQUE INDEX "instance_customer_id_integration_id_key" ON "instance"("customer_id", "integration_id");
CREATE INDEX "connection_organization_id_customer_id_idx" ON "connection"("organization_id", "customer_id");
CREATE INDEX "connection_instance_id_idx" ON "connection"("instance_id");
CREATE UNIQUE INDEX "endpoint_token_key" ON "endpoint"("token");
CREATE INDEX "endpoint_instance_id_idx" ON "endpoint"("instance_id");
CREATE INDEX "event_organization_id_received_at_idx" ON "event"("organization_id", "received_at");
CREATE INDEX "event_endpoint_id_received_at_idx" ON "event"("endpoint_id", "received_at");
CREATE UNIQUE INDEX "event_instance_id_dedupe_key_key" ON "event"("instance_id", "dedupe_key");
CREATE INDEX "execution_organization_id_created_at_idx" ON "execution"("organization_id", "created_at");
CREATE INDEX "execution_instance_id_created_at_idx" ON "execution"("instance_id", "created_at");
CREATE INDEX "execution_customer_id_created_at_idx" ON "execution"("customer_id", "created_at");
CREATE INDEX "execution_status_wait_until_idx" ON "execution"("status", "wait_until");
CREATE UNIQUE INDEX "step_run_execution_id_sequence_key" ON "step_run"("execution_id", "sequence");
CREATE UNIQUE INDEX "instance_state_instance_id_key_key" ON "instance_state"("instance_id", "key");

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "embed_key" ADD CONSTRAINT "embed_key_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "oauth_app" ADD CONSTRAINT "oauth_app_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer" ADD CONSTRAINT "customer_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "integration" ADD CONSTRAINT "integration_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "integration_version" ADD CONSTRAINT "integration_version_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "instance" ADD CONSTRAINT "instance_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "instance" ADD CONSTRAINT "instance_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "instance" ADD CONSTRAINT "instance_integration_version_id_fkey" FOREIGN KEY ("integration_version_id") REFERENCES "integration_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "connection" ADD CONSTRAINT "connection_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "connection" ADD CONSTRAINT "connection_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "endpoint" ADD CONSTRAINT "endpoint_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event" ADD CONSTRAINT "event_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "execution" ADD CONSTRAINT "execution_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "step_run" ADD CONSTRAINT "step_run_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "instance_state" ADD CONSTRAINT "instance_state_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;
