-- The trace an execution's spans belong to (a W3C traceparent): the delivery's when a webhook
-- started it, or the one its first traced run started. Written only while tracing is on, so later
-- runs (after a wait, a retry, a crash) continue the same trace, in whichever process.
ALTER TABLE "execution" ADD COLUMN "trace_context" TEXT;

-- Installation-wide counters behind /api/metrics: every web and worker process adds what it
-- counted (deliveries, finished executions, step durations, refresh failures) every few seconds.
-- One row per series; labels as JSON with a fixed key order.
CREATE TABLE "metric_counter" (
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_counter_pkey" PRIMARY KEY ("name", "labels")
);
