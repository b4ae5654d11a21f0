-- Sandbox providers: state of the simulated GitHub, Zendesk and Slack served under /sandbox.
CREATE TABLE "sandbox_account" (
    "id" SERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "workspace" TEXT,
    "role" TEXT NOT NULL DEFAULT 'user',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_account_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_repo" (
    "id" SERIAL NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "description" TEXT,
    "private" BOOLEAN NOT NULL DEFAULT false,
    "issue_counter" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_repo_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_issue" (
    "id" SERIAL NOT NULL,
    "repo_id" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "state_reason" TEXT,
    "author_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    CONSTRAINT "sandbox_issue_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_issue_comment" (
    "id" SERIAL NOT NULL,
    "issue_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "author_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_issue_comment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_repo_hook" (
    "id" SERIAL NOT NULL,
    "repo_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "content_type" TEXT NOT NULL DEFAULT 'form',
    "secret" TEXT,
    "events" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_repo_hook_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_ticket" (
    "id" SERIAL NOT NULL,
    "workspace" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "priority" TEXT,
    "external_id" TEXT,
    "requester_id" INTEGER NOT NULL,
    "assignee_id" INTEGER,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_ticket_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_ticket_comment" (
    "id" SERIAL NOT NULL,
    "ticket_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "public" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_ticket_comment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_zendesk_webhook" (
    "id" TEXT NOT NULL,
    "workspace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "http_method" TEXT NOT NULL DEFAULT 'POST',
    "request_format" TEXT NOT NULL DEFAULT 'json',
    "status" TEXT NOT NULL DEFAULT 'active',
    "subscriptions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "signing_secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_zendesk_webhook_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_zendesk_trigger" (
    "id" SERIAL NOT NULL,
    "workspace" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "conditions" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_zendesk_trigger_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_slack_channel" (
    "id" TEXT NOT NULL,
    "workspace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_private" BOOLEAN NOT NULL DEFAULT false,
    "topic" TEXT NOT NULL DEFAULT '',
    "purpose" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_slack_channel_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_slack_message" (
    "id" SERIAL NOT NULL,
    "channel_id" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "bot_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_slack_message_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_oauth_client" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret" TEXT NOT NULL,
    "redirect_uris" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "token_lifetime_seconds" INTEGER NOT NULL DEFAULT 28800,
    "events_url" TEXT,
    "signing_secret" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_oauth_client_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_oauth_code" (
    "code_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "code_challenge" TEXT,
    "code_challenge_method" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_oauth_code_pkey" PRIMARY KEY ("code_hash")
);

CREATE TABLE "sandbox_oauth_token" (
    "token_hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_oauth_token_pkey" PRIMARY KEY ("token_hash")
);

CREATE TABLE "sandbox_token_request" (
    "id" BIGSERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "client_id" TEXT,
    "grant_type" TEXT,
    "outcome" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_token_request_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_delivery" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "request_headers" JSONB NOT NULL,
    "request_body" TEXT NOT NULL,
    "status" INTEGER,
    "response_body" TEXT,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_delivery_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "sandbox_account_provider_login_key" ON "sandbox_account"("provider", "login");
CREATE UNIQUE INDEX "sandbox_repo_owner_name_key" ON "sandbox_repo"("owner", "name");
CREATE INDEX "sandbox_repo_account_id_idx" ON "sandbox_repo"("account_id");
CREATE UNIQUE INDEX "sandbox_issue_repo_id_number_key" ON "sandbox_issue"("repo_id", "number");
CREATE INDEX "sandbox_issue_comment_issue_id_id_idx" ON "sandbox_issue_comment"("issue_id", "id");
CREATE INDEX "sandbox_repo_hook_repo_id_idx" ON "sandbox_repo_hook"("repo_id");
CREATE INDEX "sandbox_ticket_workspace_external_id_idx" ON "sandbox_ticket"("workspace", "external_id");
CREATE INDEX "sandbox_ticket_workspace_updated_at_id_idx" ON "sandbox_ticket"("workspace", "updated_at", "id");
CREATE INDEX "sandbox_ticket_comment_ticket_id_id_idx" ON "sandbox_ticket_comment"("ticket_id", "id");
CREATE INDEX "sandbox_zendesk_webhook_workspace_idx" ON "sandbox_zendesk_webhook"("workspace");
CREATE INDEX "sandbox_zendesk_trigger_workspace_idx" ON "sandbox_zendesk_trigger"("workspace");
CREATE UNIQUE INDEX "sandbox_slack_channel_workspace_name_key" ON "sandbox_slack_channel"("workspace", "name");
CREATE UNIQUE INDEX "sandbox_slack_message_channel_id_ts_key" ON "sandbox_slack_message"("channel_id", "ts");
CREATE UNIQUE INDEX "sandbox_oauth_client_client_id_key" ON "sandbox_oauth_client"("client_id");
CREATE INDEX "sandbox_oauth_token_client_id_account_id_idx" ON "sandbox_oauth_token"("client_id", "account_id");
CREATE INDEX "sandbox_token_request_client_id_created_at_idx" ON "sandbox_token_request"("client_id", "created_at");
CREATE INDEX "sandbox_delivery_provider_created_at_idx" ON "sandbox_delivery"("provider", "created_at");

ALTER TABLE "sandbox_issue" ADD CONSTRAINT "sandbox_issue_repo_id_fkey" FOREIGN KEY ("repo_id") REFERENCES "sandbox_repo"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sandbox_issue_comment" ADD CONSTRAINT "sandbox_issue_comment_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "sandbox_issue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sandbox_repo_hook" ADD CONSTRAINT "sandbox_repo_hook_repo_id_fkey" FOREIGN KEY ("repo_id") REFERENCES "sandbox_repo"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sandbox_ticket_comment" ADD CONSTRAINT "sandbox_ticket_comment_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "sandbox_ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sandbox_slack_message" ADD CONSTRAINT "sandbox_slack_message_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "sandbox_slack_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
