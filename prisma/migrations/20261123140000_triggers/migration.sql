-- Triggers: per-endpoint rate limit bucket, routing record and query of events, dedupe scope.
ALTER TABLE "endpoint" ADD COLUMN "rate_tokens" DOUBLE PRECISION;
ALTER TABLE "endpoint" ADD COLUMN "rate_refilled_at" TIMESTAMPTZ(3);

ALTER TABLE "event" ADD COLUMN "query" JSONB;
ALTER TABLE "event" ADD COLUMN "flow_keys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Rejected, filtered and duplicate deliveries keep their dedupe key for support, so the key is only
-- unique among the events that claimed it (accepted, buffered). The scope is the endpoint: two
-- endpoints of one instance may legitimately receive the same provider event (e.g. Stripe's evt id).
-- Events without an endpoint (schedules, emitted events) share the instance-wide scope.
DROP INDEX "event_instance_id_dedupe_key_key";
CREATE INDEX "event_instance_id_dedupe_key_idx" ON "event"("instance_id", "dedupe_key");
CREATE UNIQUE INDEX "event_dedupe_claim_key" ON "event"("instance_id", COALESCE("endpoint_id", '00000000-0000-0000-0000-000000000000'::uuid), "dedupe_key")
  WHERE "verdict" IN ('accepted', 'buffered');

-- Buffered events are released in arrival order on resume.
CREATE INDEX "event_instance_id_verdict_received_at_idx" ON "event"("instance_id", "verdict", "received_at");
