-- Flow concurrency (manifest `concurrency:`): an execution of a throttled or fifo flow carries the
-- queue it waits in (instance, flow and, for fifo with a key, the record's key value) and how many
-- of that queue may be under way at once. Executions of parallel flows (the default) leave both
-- null and are never looked at by the index below.
ALTER TABLE "execution" ADD COLUMN "concurrency_key" TEXT;
ALTER TABLE "execution" ADD COLUMN "concurrency_limit" INTEGER;

-- The unfinished executions of a queue in arrival order: a claim counts the ones ahead of it, and a
-- finishing execution wakes the next in line. Finished executions drop out of it.
CREATE INDEX "execution_concurrency_queue_idx" ON "execution"("concurrency_key", "id")
  WHERE "concurrency_key" IS NOT NULL AND "status" IN ('queued', 'running', 'waiting');

-- The executions of a queue under way (started, unfinished): a claim admits a new one only while
-- fewer than the limit are, whatever the order of ids (ids from two web processes may interleave).
CREATE INDEX "execution_concurrency_started_idx" ON "execution"("concurrency_key")
  WHERE "concurrency_key" IS NOT NULL AND "started_at" IS NOT NULL AND "status" IN ('queued', 'running', 'waiting');

-- Rate budgets per connection: a token bucket shared by every flow and worker using the
-- connection, and a pause the provider asked for (429 + Retry-After).
ALTER TABLE "connection" ADD COLUMN "budget_tokens" DOUBLE PRECISION;
ALTER TABLE "connection" ADD COLUMN "budget_refilled_at" TIMESTAMPTZ(3);
ALTER TABLE "connection" ADD COLUMN "paused_until" TIMESTAMPTZ(3);
