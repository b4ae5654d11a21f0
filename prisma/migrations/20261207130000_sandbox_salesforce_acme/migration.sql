-- The simulated Salesforce org (records, outbound message definitions and their queue) and the
-- simulated Acme app (accounts, opportunities, widgets, webhooks) of the sandbox.
CREATE TABLE "sandbox_salesforce_org" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lose_next_acks" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_salesforce_org_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sandbox_salesforce_record" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "sobject" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "last_modified_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_salesforce_record_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sandbox_salesforce_record_org_id_sobject_updated_at_idx" ON "sandbox_salesforce_record"("org_id", "sobject", "updated_at");

CREATE TABLE "sandbox_salesforce_outbound_message" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "sobject" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "endpoint_url" TEXT NOT NULL,
    "fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "include_session_id" BOOLEAN NOT NULL DEFAULT false,
    "integration_user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_salesforce_outbound_message_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sandbox_salesforce_outbound_message_org_id_sobject_idx" ON "sandbox_salesforce_outbound_message"("org_id", "sobject");

CREATE TABLE "sandbox_salesforce_notification" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "record_id" TEXT NOT NULL,
    "sobject" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_result" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_salesforce_notification_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sandbox_salesforce_notification_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "sandbox_salesforce_outbound_message"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "sandbox_salesforce_notification_status_next_attempt_at_idx" ON "sandbox_salesforce_notification"("status", "next_attempt_at");
CREATE INDEX "sandbox_salesforce_notification_message_id_idx" ON "sandbox_salesforce_notification"("message_id");

CREATE TABLE "sandbox_acme_account" (
    "id" TEXT NOT NULL,
    "workspace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "industry" TEXT,
    "phone" TEXT,
    "website" TEXT,
    "external_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_acme_account_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sandbox_acme_account_workspace_external_id_idx" ON "sandbox_acme_account"("workspace", "external_id");

CREATE TABLE "sandbox_acme_opportunity" (
    "id" TEXT NOT NULL,
    "workspace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "amount" DOUBLE PRECISION,
    "close_date" TEXT,
    "account_id" TEXT,
    "external_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_acme_opportunity_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sandbox_acme_opportunity_workspace_external_id_idx" ON "sandbox_acme_opportunity"("workspace", "external_id");

CREATE TABLE "sandbox_acme_widget" (
    "id" TEXT NOT NULL,
    "workspace" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_acme_widget_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sandbox_acme_widget_workspace_idempotency_key_idx" ON "sandbox_acme_widget"("workspace", "idempotency_key");

CREATE TABLE "sandbox_acme_webhook" (
    "id" TEXT NOT NULL,
    "workspace" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sandbox_acme_webhook_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sandbox_acme_webhook_workspace_idx" ON "sandbox_acme_webhook"("workspace");
