/**
 * Executions parked because their connection needed reconnecting (wait_for `{ kind: "reconnect" }`,
 * server/runtime/checkpoint.ts) run again once the customer reconnects it: each becomes due now and
 * gets its run job, and the runner runs the parked state again with the new credentials.
 */
import { db } from "@/server/db/client";
import { JOBS } from "@/server/jobs/job-catalog";

/** Wakes the instance's executions waiting for the connection `key`; returns their ids. */
export async function wakeReconnectWaiters(organizationId: string, instanceId: string, key: string): Promise<string[]> {
  const rows = await db().$queryRaw<Array<{ id: string }>>`
    WITH woken AS (
      UPDATE execution SET wait_until = now()
       WHERE organization_id = ${organizationId}::uuid AND instance_id = ${instanceId}::uuid AND status = 'waiting'
         AND wait_for->>'kind' = 'reconnect' AND wait_for->>'connection' = ${key}
      RETURNING id
    )
    SELECT woken.id::text AS id, graphile_worker.add_job(${JOBS.runExecution.name}, json_build_object('executionId', woken.id),
             max_attempts := ${JOBS.runExecution.maxAttempts}::int, job_key := 'exec:' || woken.id::text, job_key_mode := 'replace') IS NOT NULL AS queued
      FROM woken`;
  return rows.map((row) => row.id);
}
