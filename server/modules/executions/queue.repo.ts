/**
 * Enqueueing through graphile-worker's SQL API, so a job joins the transaction that records the
 * event or the step that needs it: nothing is acknowledged that is not also queued.
 */
import { db, type Db } from "@/server/db/client";
import { JOBS } from "@/server/jobs/job-catalog";

type Tx = Pick<Db, "$executeRaw">;

/**
 * One pending job per execution (job key), so a wake-up and a resume never run it twice at once.
 * A new execution's job carries its queue (throttled or fifo flows) and its customer's fair priority.
 */
export function enqueueExecutionRun(tx: Tx, executionId: string, options: { runAt?: Date | null; concurrencyKey?: string | null; priority?: number } = {}) {
  const { concurrencyKey } = options;
  const payload = JSON.stringify(concurrencyKey ? { executionId, concurrencyKey } : { executionId });
  return tx.$executeRaw`SELECT graphile_worker.add_job(${JOBS.runExecution.name}, ${payload}::json,
    run_at := ${options.runAt ?? new Date()}::timestamptz, max_attempts := ${JOBS.runExecution.maxAttempts}::int, job_key := ${`exec:${executionId}`}, job_key_mode := 'replace',
    priority := ${options.priority ?? 0}::int)`;
}

/**
 * CTEs for a larger statement that queue the first run of every execution the CTE `source`
 * returns (its `id` and `concurrency_key` columns): `first_runs` (the job rows) and
 * `first_runs_woken` (the worker's wake-up, which the statement must read for it to happen).
 * `$taskParam` is the parameter holding the run job's name (JOBS.runExecution); `overrides` names three parallel
 * array parameters for the executions whose job is not due now at priority 0.
 *
 * The jobs are written straight into graphile-worker's job table, as `add_jobs` writes them for new
 * job keys, because `add_jobs` plans its key-clearing UPDATE generically inside PL/pgSQL and ends
 * up scanning the whole job table on every call: under a backlog of queued runs each accepted
 * batch then cost more than the rest of the ingest together (bench/README.md, ingest). New
 * executions have new ids, so none of `add_jobs`' replace-an-existing-key work applies. Written
 * against graphile-worker 0.18.0's schema (pinned in package.json); server/modules/events/accept-events.int.test.ts checks that
 * these rows equal the ones `add_job` writes and that the worker runs them. The task row comes from
 * `migrateQueue` (REGISTER_TASKS_SQL).
 */
export function firstRunsSql(source: string, taskParam: string, overrides?: { ids: string; seconds: string; priorities: string }): string {
  // A run the web process makes inline (a synchronous flow) has its job due only once its answer's
  // timeout passed: a worker then takes over only what the web process did not finish. A customer
  // sending far more than others gets a later priority (fair-priority.ts).
  const from = overrides
    ? `${source} LEFT JOIN unnest(${overrides.ids}, ${overrides.seconds}, ${overrides.priorities}) AS o(id, s, p) ON o.id = ${source}.id`
    : source;
  const runAt = overrides ? "now() + make_interval(secs => coalesce(o.s, 0))" : "now()";
  const priority = overrides ? "coalesce(o.p, 0)" : "0";
  return `first_runs AS (
      INSERT INTO graphile_worker._private_jobs (task_id, payload, run_at, max_attempts, key, priority)
      SELECT (SELECT id FROM graphile_worker._private_tasks WHERE identifier = ${taskParam}),
             CASE WHEN ${source}.concurrency_key IS NULL THEN json_build_object('executionId', ${source}.id)
                  ELSE json_build_object('executionId', ${source}.id, 'concurrencyKey', ${source}.concurrency_key) END,
             ${runAt}, ${JOBS.runExecution.maxAttempts}, 'exec:' || ${source}.id::text, ${priority}
        FROM ${from}
      RETURNING id
    ), first_runs_woken AS (
      SELECT pg_notify('jobs:insert', json_build_object('r', random(), 'count', count(*))::text) FROM first_runs HAVING count(*) > 0
    )`;
}

/**
 * The task rows `firstRunsSql` needs (add_job creates its task on first use; these jobs are not
 * written by add_job). $1: the task names.
 */
export const REGISTER_TASKS_SQL = `INSERT INTO graphile_worker._private_tasks (identifier) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`;
export const REGISTERED_TASKS = [JOBS.runExecution.name];

/**
 * Jobs for the next in line of throttled or fifo queues (server/runtime/concurrency.repo.ts), for
 * an execution of each that finished or was cancelled: the first `limit` executions of the queue
 * that have not started. A spare job is harmless (its claim is refused and it ends). Parameters:
 * $1 the run job's name (JOBS.runExecution), $2 the queues, $3 their limits.
 */
export const WAKE_NEXT_IN_LINE_SQL = `
  SELECT graphile_worker.add_job($1, json_build_object('executionId', n.id, 'concurrencyKey', n.concurrency_key), max_attempts := ${JOBS.runExecution.maxAttempts},
                                 job_key := 'exec:' || n.id::text, job_key_mode := 'replace')
    FROM unnest($2::text[], $3::int[]) AS q(key, lim)
    CROSS JOIN LATERAL (
      SELECT y.id, y.concurrency_key FROM execution y
       WHERE y.concurrency_key = q.key AND y.status IN ('queued', 'running', 'waiting') AND y.status = 'queued' AND y.started_at IS NULL
       ORDER BY y.id LIMIT q.lim) n`;

/** Drops the execution's pending job (one a worker has locked stays with it, without its key). */
export function removeExecutionRun(tx: Tx = db(), executionId: string) {
  return tx.$executeRaw`SELECT graphile_worker.remove_job(${`exec:${executionId}`})`;
}

/**
 * When a deploy or remove flow finishes, the instance's status follows (active, failed, or the
 * instance is deleted); a job in the same transaction as the finishing commit makes that durable.
 * One job per finished flow, without a job key: each runs after its own flow's commit, so the one
 * of the last flow to commit sees them all (settling is idempotent). A shared job key lost
 * settles: when two flows of one instance finished together, the second commit's add_job found
 * the first one's job already locked by a worker and wrote nothing, leaving the instance
 * deploying for good.
 */
export function enqueueLifecycleSettle(tx: Tx, executionId: string) {
  return tx.$executeRaw`SELECT graphile_worker.add_job(${JOBS.settleLifecycle.name},
      json_build_object('organizationId', organization_id, 'instanceId', instance_id), max_attempts := ${JOBS.settleLifecycle.maxAttempts}::int)
    FROM execution WHERE id = ${executionId}::uuid AND trigger IN ('instance.deploy', 'instance.remove')`;
}

/** Jobs that are due and free to take now (none locked, none out of attempts). */
export async function countDueJobs(): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM graphile_worker.jobs WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts`;
  return Number(rows[0].n);
}
