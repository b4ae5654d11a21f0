-- Connection health: when a connection was marked as needing reconnecting, and the connector's
-- periodic health call.
ALTER TABLE "connection" ADD COLUMN "broken_at" TIMESTAMPTZ(3);
ALTER TABLE "connection" ADD COLUMN "health_checked_at" TIMESTAMPTZ(3);
ALTER TABLE "connection" ADD COLUMN "health_check_ok" BOOLEAN;
ALTER TABLE "connection" ADD COLUMN "health_check_message" TEXT;
UPDATE "connection" SET "broken_at" = "updated_at" WHERE "status" = 'broken';
-- Which connections are due for a health check, oldest check first.
CREATE INDEX "connection_health_due_idx" ON "connection" ("health_checked_at" NULLS FIRST) WHERE "status" = 'active';

-- Alert rules, channels, the organization's SMTP settings, incidents and their notifications.
CREATE TABLE "alert_rule" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "integration_id" UUID,
    "threshold" INTEGER NOT NULL DEFAULT 1,
    "window_minutes" INTEGER NOT NULL DEFAULT 15,
    "channel_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_rule_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "alert_rule_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integration"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "alert_rule_organization_id_idx" ON "alert_rule"("organization_id");

CREATE TABLE "alert_channel" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secret_encrypted" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "alert_channel_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "alert_channel_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "alert_channel_organization_id_idx" ON "alert_channel"("organization_id");

CREATE TABLE "smtp_settings" (
    "organization_id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "security" TEXT NOT NULL,
    "username" TEXT,
    "password_encrypted" TEXT,
    "from_address" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "smtp_settings_pkey" PRIMARY KEY ("organization_id"),
    CONSTRAINT "smtp_settings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "subject_key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "subject" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'open',
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "snoozed_until" TIMESTAMPTZ(3),
    CONSTRAINT "incident_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "incident_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "incident_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "incident_organization_id_opened_at_idx" ON "incident"("organization_id", "opened_at");
CREATE INDEX "incident_rule_id_subject_key_idx" ON "incident"("rule_id", "subject_key");
-- One open incident per rule and subject, however many evaluations run at once.
CREATE UNIQUE INDEX "incident_open_subject_key" ON "incident"("rule_id", "subject_key") WHERE "status" = 'open';

CREATE TABLE "incident_notification" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "channel_id" UUID,
    "channel_name" TEXT NOT NULL,
    "channel_kind" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "incident_notification_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "incident_notification_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "incident_notification_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "alert_channel"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "incident_notification_incident_id_idx" ON "incident_notification"("incident_id");

-- What the evaluations read, without touching the hot paths' rows: failed executions by when they
-- finished, and rejected deliveries by when they came. Both partial, so an execution that succeeds
-- or a delivery that is accepted adds no entry.
CREATE INDEX "execution_failed_finished_idx" ON "execution" ("organization_id", "finished_at") WHERE "status" = 'failed';
CREATE INDEX "event_rejected_received_idx" ON "event" ("organization_id", "received_at") WHERE "verdict" = 'rejected';
