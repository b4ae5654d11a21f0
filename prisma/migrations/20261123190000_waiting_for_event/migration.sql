-- Every accepted delivery asks whether an execution of its instance waits for an event (to hand
-- the event to it). Without this index that question read all of the instance's executions through
-- execution_instance_id_created_at_idx, so each delivery cost more the longer the instance had run.
-- Waiting executions are few; this index holds only them.
CREATE INDEX "execution_waiting_for_event_idx" ON "execution"("instance_id") WHERE "status" = 'waiting' AND ("wait_for" ->> 'kind') = 'event';
