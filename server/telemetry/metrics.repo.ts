/**
 * The statements behind `/api/metrics`. Counters are installation-wide: every process adds its
 * counts to `metric_counter` (metric-counts.ts); the gauges are read from the tables where the
 * state lives (executions, graphile-worker's jobs). Metrics describe the installation, not one
 * organization: the route is for its operator (METRICS_TOKEN), so these queries are not scoped.
 */
import { preparedQuery } from "@/server/db/client";

export interface CounterDelta {
  name: string;
  /** The series' labels as JSON with keys in a fixed order (one series, one row). */
  labels: string;
  value: number;
}

/**
 * Adds deltas to the stored counters, creating the ones not seen before. Rows are written in key
 * order, so two processes flushing at once lock them in the same order and never deadlock.
 */
export async function addToCounters(deltas: CounterDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await preparedQuery(
    "metrics_add",
    `INSERT INTO metric_counter (name, labels, value, updated_at)
     SELECT m.name, m.labels, m.value, now() FROM jsonb_to_recordset($1::jsonb) AS m(name text, labels text, value float8)
      ORDER BY m.name, m.labels
     ON CONFLICT (name, labels) DO UPDATE SET value = metric_counter.value + excluded.value, updated_at = now()`,
    [JSON.stringify(deltas)],
  );
}

export function readCounters(): Promise<{ name: string; labels: string; value: number }[]> {
  return preparedQuery("metrics_counters", "SELECT name, labels, value FROM metric_counter ORDER BY name, labels", []);
}

/**
 * Executions that are not finished, by status, integration and flow. Counted through the
 * (status, wait_until) index before the join, so the cost follows the unfinished executions,
 * not the history kept for retention.
 */
export function countUnfinishedExecutions(): Promise<{ status: string; integration: string; flow: string; count: number }[]> {
  return preparedQuery(
    "metrics_unfinished_executions",
    `WITH c AS (
       SELECT status::text AS status, integration_version_id, flow_key, count(*) AS n FROM execution
        WHERE status IN ('queued', 'running', 'waiting') GROUP BY 1, 2, 3
     )
     SELECT c.status, i.key AS integration, c.flow_key AS flow, sum(c.n)::int AS count
       FROM c JOIN integration_version v ON v.id = c.integration_version_id JOIN integration i ON i.id = v.integration_id
      GROUP BY 1, 2, 3 ORDER BY 2, 3, 1`,
    [],
  );
}

export interface QueueRow {
  task: string;
  due: number;
  scheduled: number;
  running: number;
  exhausted: number;
  /** Seconds since the oldest due, unclaimed job became due (0 when none is waiting). */
  oldest_due_age: number;
}

/**
 * graphile-worker's queue by task: jobs due and waiting for a worker, scheduled for later (timers,
 * retry back-off), held by a worker, and out of attempts; and how long the oldest due one has waited.
 */
export function readQueue(): Promise<QueueRow[]> {
  return preparedQuery(
    "metrics_queue",
    `SELECT t.identifier AS task,
            count(j.id) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at <= now())::int AS due,
            count(j.id) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at > now())::int AS scheduled,
            count(j.id) FILTER (WHERE j.locked_at IS NOT NULL)::int AS running,
            count(j.id) FILTER (WHERE j.locked_at IS NULL AND j.attempts >= j.max_attempts)::int AS exhausted,
            coalesce(extract(epoch FROM now() - min(j.run_at) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at <= now())), 0)::float8 AS oldest_due_age
       FROM graphile_worker._private_tasks t LEFT JOIN graphile_worker._private_jobs j ON j.task_id = t.id
      GROUP BY t.identifier ORDER BY t.identifier`,
    [],
  );
}
