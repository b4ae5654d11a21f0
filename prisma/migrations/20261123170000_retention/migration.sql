-- Retention: a periodic job deletes events, executions and step runs older than the
-- organization's retention period, in small batches.

-- Deleting an event sets execution.event_id to NULL; without this index every deleted event would
-- scan the execution table.
CREATE INDEX "execution_event_id_idx" ON "execution"("event_id");

-- Rejected deliveries are capped per endpoint (anyone who knows an endpoint URL can send them);
-- the cap finds an endpoint's oldest rejected deliveries through this index.
CREATE INDEX "event_rejected_endpoint_received_at_idx" ON "event"("endpoint_id", "received_at") WHERE "verdict" = 'rejected';

ALTER TABLE "organization" ADD CONSTRAINT "organization_retention_days_range" CHECK ("retention_days" BETWEEN 1 AND 3650);
