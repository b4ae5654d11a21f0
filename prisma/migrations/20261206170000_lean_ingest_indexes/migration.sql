-- Every accepted delivery writes one event and one execution; each index on them is one more entry
-- written (and WAL-logged) per delivery. Three of those entries served no query:
--
-- An execution's lease is looked at only while it runs (the sweep for lapsed leases asks for
-- status = 'running'), so its index holds only running executions.
DROP INDEX "execution_status_lease_until_idx";
CREATE INDEX "execution_running_lease_until_idx" ON "execution"("lease_until") WHERE "status" = 'running';

-- Replays are found by the execution they replay; executions that replay nothing need no entry.
DROP INDEX "execution_replay_of_id_idx";
CREATE INDEX "execution_replay_of_id_idx" ON "execution"("replay_of_id") WHERE "replay_of_id" IS NOT NULL;

-- The event that holds a dedupe key is found through the claim index (event_dedupe_claim_key,
-- migration 20261123140000_triggers), which already orders events by instance, endpoint and key.
DROP INDEX "event_instance_id_dedupe_key_idx";
