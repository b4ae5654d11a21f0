/**
 * Getting executions going again after a runner stopped: a synchronous run handed back, a worker
 * that died holding leases and jobs, a job lost with the database. The execution row is the truth;
 * graphile-worker's jobs only wake runners, so a spare job is harmless (claiming is atomic) and a
 * missing one is replaced.
 */
import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";
import { JOBS } from "@/server/jobs/job-catalog";
import { enqueueExecutionRun } from "@/server/modules/executions/queue.repo";
import { turnHasComeSql } from "./concurrency.repo";

/** Resumed work goes ahead of new deliveries (graphile-worker runs lower priorities first). */
export const RESUMED_PRIORITY = -10;

/**
 * A run that stopped early (a synchronous flow past its timeout in the web process) goes back to
 * the queue for a worker to finish, from the step it committed last — unless a worker already took
 * it once its lease was released (a live lease is someone's).
 */
export async function requeueExecution(executionId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const changed = await tx.$executeRaw`UPDATE execution SET status = 'queued', lease_until = NULL, leased_by = NULL, updated_at = now()
      WHERE id = ${executionId}::uuid AND status = 'running' AND (lease_until IS NULL OR lease_until <= now())`;
    if (changed) await enqueueExecutionRun(tx, executionId);
  });
}

/**
 * Executions whose runner stopped renewing their lease (it died) go back to the queue, ahead of new
 * work. The worker pools that held them are taken for dead: every job they still hold (the one
 * running each execution, and any fetched into their local queue) is unlocked now rather than after
 * graphile-worker's four-hour lock expiry, and each abandoned execution's own job is reused, so
 * nothing is left behind per crash.
 */
export async function resumeAbandoned(limit = 100): Promise<string[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; leased_by: string | null }[]>`
      WITH lapsed AS (
        SELECT id, leased_by FROM execution WHERE status = 'running' AND lease_until < now()
         ORDER BY lease_until LIMIT ${limit} FOR UPDATE SKIP LOCKED
      )
      UPDATE execution x SET status = 'queued', lease_until = NULL, leased_by = NULL, updated_at = now()
        FROM lapsed WHERE x.id = lapsed.id
      RETURNING x.id, lapsed.leased_by`;
    if (rows.length === 0) return [];
    const pools = [...new Set(rows.map((r) => r.leased_by).filter((by): by is string => by !== null && !by.startsWith("web:")))];
    if (pools.length) await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${pools}::text[])`;
    await tx.$executeRaw`
      SELECT graphile_worker.add_job(${JOBS.runExecution.name}, json_build_object('executionId', id), max_attempts := ${JOBS.runExecution.maxAttempts}::int,
                                     job_key := 'exec:' || id::text, job_key_mode := 'replace', priority := ${RESUMED_PRIORITY})
        FROM unnest(${rows.map((r) => r.id)}::uuid[]) AS id`;
    return rows.map((r) => r.id);
  });
}

/**
 * Executions that should run but have nothing left to run them: queued, or waiting past their
 * wake-up time, with no live job. That happens when a worker lost the database while taking the
 * job (graphile-worker could not hand it back and keeps it locked for hours), or died with jobs in
 * its local queue and no execution whose lease would reveal it. After `graceMs` (a lease) such an
 * execution gets a fresh job at the head of the queue; the stale one loses its key and, once
 * graphile-worker unlocks it, `dropSpentRunJobs` removes it.
 */
export async function requeueOrphaned(graceMs: number, limit = 100): Promise<string[]> {
  const grace = graceMs / 1000;
  return db().$transaction(async (tx) => {
    // An execution waiting for its turn in a throttled or fifo queue has no job on purpose: only
    // one whose turn has come is given one (concurrency.repo.ts), so a long queue does not spin.
    const rows = await tx.$queryRaw<{ id: string; concurrency_key: string | null }[]>(Prisma.sql`
      SELECT x.id, CASE WHEN x.started_at IS NULL THEN x.concurrency_key END AS concurrency_key FROM execution x
       WHERE (x.status = 'queued' OR (x.status = 'waiting' AND x.wait_until < now() - make_interval(secs => ${grace})))
         AND x.updated_at < now() - make_interval(secs => ${grace})
         AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j
                          WHERE j.key = 'exec:' || x.id::text AND j.attempts < j.max_attempts
                            AND (j.locked_at IS NULL OR j.locked_at > now() - make_interval(secs => ${grace})))
         AND (x.concurrency_key IS NULL OR x.started_at IS NOT NULL OR (${Prisma.raw(turnHasComeSql("x"))}))
       ORDER BY x.updated_at LIMIT ${limit} FOR UPDATE OF x SKIP LOCKED`);
    if (rows.length === 0) return [];
    await tx.$executeRaw`
      SELECT graphile_worker.add_job(${JOBS.runExecution.name},
                                     CASE WHEN o.key IS NULL THEN json_build_object('executionId', o.id) ELSE json_build_object('executionId', o.id, 'concurrencyKey', o.key) END,
                                     max_attempts := ${JOBS.runExecution.maxAttempts}::int, job_key := 'exec:' || o.id::text, job_key_mode := 'replace', priority := ${RESUMED_PRIORITY})
        FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.concurrency_key)}::text[]) AS o(id, key)`;
    return rows.map((r) => r.id);
  });
}

/**
 * Run jobs that can never run again: out of attempts and unlocked (a job whose key was handed to a
 * newer job while a dead pool held it ends so, once graphile-worker unlocks it). The execution they
 * were for has a live job or is picked up by `requeueOrphaned`; these rows would otherwise stay in
 * the job table for good.
 */
export async function dropSpentRunJobs(limit = 1000): Promise<number> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id::text FROM graphile_worker.complete_jobs(ARRAY(
      SELECT id FROM graphile_worker.jobs
       WHERE task_identifier = ${JOBS.runExecution.name} AND attempts >= max_attempts AND locked_at IS NULL
       LIMIT ${limit}))`;
  return rows.length;
}

/**
 * Run jobs whose execution has finished but which a pool still holds after `graceMs` (a lease):
 * the worker ran the execution to its end and died before graphile-worker recorded the job's end
 * (it records finished jobs in batches, a moment after they finish). A live pool records its job
 * within milliseconds, so such a pool is dead: every job it still holds is unlocked, as
 * `resumeAbandoned` does for pools found through a lapsed lease, and the finished ones go.
 */
export async function dropFinishedRunJobs(graceMs: number, limit = 1000): Promise<number> {
  const grace = graceMs / 1000;
  return db().$transaction(async (tx) => {
    const stale = await tx.$queryRaw<{ id: string; locked_by: string }[]>`
      SELECT j.id::text, j.locked_by FROM graphile_worker.jobs j
        JOIN execution x ON x.id = substr(j.key, 6)::uuid
       WHERE j.task_identifier = ${JOBS.runExecution.name} AND j.key LIKE 'exec:%' AND j.locked_by IS NOT NULL
         AND j.locked_at < now() - make_interval(secs => ${grace})
         AND x.status IN ('succeeded', 'failed', 'cancelled')
       LIMIT ${limit}`;
    if (stale.length === 0) return 0;
    await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${[...new Set(stale.map((r) => r.locked_by))]}::text[])`;
    const done = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM graphile_worker.complete_jobs(${stale.map((r) => r.id)}::bigint[])`;
    return done.length;
  });
}

/** Unlocks every job a worker pool holds (the pool ended), for other runners to take. */
export async function freeJobsOfPool(poolId: string): Promise<void> {
  await db().$executeRaw`SELECT graphile_worker.force_unlock_workers(ARRAY[${poolId}]::text[])`;
}
