-- Durable execution bookkeeping
ALTER TABLE "execution" ADD COLUMN "retrier_attempts" JSONB;
ALTER TABLE "execution" ADD COLUMN "state_entered_at" TIMESTAMPTZ(3);
ALTER TABLE "execution" ADD COLUMN "state_visits" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "execution" ADD COLUMN "lease_until" TIMESTAMPTZ(3);

CREATE INDEX "execution_status_lease_until_idx" ON "execution"("status", "lease_until");
CREATE INDEX "execution_replay_of_id_idx" ON "execution"("replay_of_id");

-- A published integration version is immutable: instances pinned to it must run exactly what was published.
CREATE FUNCTION "integration_version_immutable"() RETURNS trigger AS $$
BEGIN
  IF OLD."status" = 'published' AND (NEW."source" IS DISTINCT FROM OLD."source" OR NEW."manifest" IS DISTINCT FROM OLD."manifest"
      OR NEW."version" IS DISTINCT FROM OLD."version" OR NEW."status" IS DISTINCT FROM OLD."status") THEN
    RAISE EXCEPTION 'integration version % is published and cannot be changed', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "integration_version_immutable" BEFORE UPDATE ON "integration_version"
  FOR EACH ROW EXECUTE FUNCTION "integration_version_immutable"();
ALTER TABLE "step_run" ADD COLUMN "calls" JSONB;

-- Addresses outgoing HTTP may reach despite the SSRF guard (private ranges are refused otherwise).
ALTER TABLE "organization" ADD COLUMN "network_allow_list" TEXT[] DEFAULT ARRAY[]::TEXT[];
