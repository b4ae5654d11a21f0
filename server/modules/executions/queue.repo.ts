/**
 * Enqueueing through graphile-worker's SQL API, so a job joins the transaction that records the
 * event or the step that needs it: nothing is acknowledged that is not also queued.
 */
import type { Db } from "@/server/db/client";

type Tx = Pick<Db, "$executeRaw">;

export const RUN_EXECUTION_TASK = "execution:run";

/** One pending job per execution (job key), so a wake-up and a resume never run it twice at once. */
export function enqueueExecutionRun(tx: Tx, executionId: string, runAt?: Date | null) {
  const payload = JSON.stringify({ executionId });
  return tx.$executeRaw`SELECT graphile_worker.add_job(${RUN_EXECUTION_TASK}, ${payload}::json,
    run_at := ${runAt ?? new Date()}::timestamptz, max_attempts := 25, job_key := ${`exec:${executionId}`}, job_key_mode := 'replace')`;
}

export function removeExecutionRun(tx: Tx, executionId: string) {
  return tx.$executeRaw`SELECT graphile_worker.remove_job(${`exec:${executionId}`})`;
}

export const SETTLE_LIFECYCLE_TASK = "instances:settle-lifecycle";

/**
 * When a deploy or remove flow finishes, the instance's status follows (active, failed, or the
 * instance is deleted); a job in the same transaction as the finishing commit makes that durable.
 * The job key coalesces the settle of several lifecycle flows of one instance.
 */
export function enqueueLifecycleSettle(tx: Tx, executionId: string) {
  return tx.$executeRaw`SELECT graphile_worker.add_job(${SETTLE_LIFECYCLE_TASK},
      json_build_object('organizationId', organization_id, 'instanceId', instance_id), max_attempts := 10,
      job_key := 'lifecycle:' || instance_id::text)
    FROM execution WHERE id = ${executionId}::uuid AND trigger IN ('instance.deploy', 'instance.remove')`;
}
