/**
 * Enqueueing through graphile-worker's SQL API, so a job joins the transaction that records the
 * event or the step that needs it: nothing is acknowledged that is not also queued.
 */
import { db, type Db } from "@/server/db/client";

type Tx = Pick<Db, "$executeRaw">;

export const RUN_EXECUTION_TASK = "execution:run";

/** One pending job per execution (job key), so a wake-up and a resume never run it twice at once. */
export function enqueueExecutionRun(tx: Tx, executionId: string, runAt?: Date | null) {
  const payload = JSON.stringify({ executionId });
  return tx.$executeRaw`SELECT graphile_worker.add_job(${RUN_EXECUTION_TASK}, ${payload}::json,
    run_at := ${runAt ?? new Date()}::timestamptz, max_attempts := 25, job_key := ${`exec:${executionId}`}, job_key_mode := 'replace')`;
}

/**
 * CTEs for a larger statement that queue the first run of every execution the CTE `source`
 * returns (its `id` column): `first_runs` (the job rows) and `first_runs_woken` (the worker's
 * wake-up, which the statement must read for it to happen). `$taskParam` is the parameter holding
 * RUN_EXECUTION_TASK.
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
export function firstRunsSql(source: string, taskParam: string, delayed?: { ids: string; seconds: string }): string {
  // A run the web process makes inline (a synchronous flow) has its job due only once its answer's
  // timeout passed: a worker then takes over only what the web process did not finish.
  const runAt = delayed
    ? `now() + coalesce((SELECT make_interval(secs => d.s) FROM unnest(${delayed.ids}, ${delayed.seconds}) AS d(id, s) WHERE d.id = ${source}.id), interval '0')`
    : "now()";
  return `first_runs AS (
      INSERT INTO graphile_worker._private_jobs (task_id, payload, run_at, max_attempts, key, priority)
      SELECT (SELECT id FROM graphile_worker._private_tasks WHERE identifier = ${taskParam}),
             json_build_object('executionId', ${source}.id), ${runAt}, 25, 'exec:' || ${source}.id::text, 0
        FROM ${source}
      RETURNING id
    ), first_runs_woken AS (
      SELECT pg_notify('jobs:insert', json_build_object('r', random(), 'count', count(*))::text) FROM first_runs HAVING count(*) > 0
    )`;
}

/** The task rows `firstRunsSql` needs (add_job creates its task on first use; these jobs are not written by add_job). */
export const REGISTER_TASKS_SQL = `INSERT INTO graphile_worker._private_tasks (identifier) VALUES ('${RUN_EXECUTION_TASK}') ON CONFLICT DO NOTHING`;

/** Drops the execution's pending job (one a worker has locked stays with it, without its key). */
export function removeExecutionRun(tx: Tx = db(), executionId: string) {
  return tx.$executeRaw`SELECT graphile_worker.remove_job(${`exec:${executionId}`})`;
}

export const SETTLE_LIFECYCLE_TASK = "instances:settle-lifecycle";

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
  return tx.$executeRaw`SELECT graphile_worker.add_job(${SETTLE_LIFECYCLE_TASK},
      json_build_object('organizationId', organization_id, 'instanceId', instance_id), max_attempts := 10)
    FROM execution WHERE id = ${executionId}::uuid AND trigger IN ('instance.deploy', 'instance.remove')`;
}

/** Jobs that are due and free to take now (none locked, none out of attempts). */
export async function countDueJobs(): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM graphile_worker.jobs WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts`;
  return Number(rows[0].n);
}
