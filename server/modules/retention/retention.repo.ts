/**
 * The statements the retention job runs. Each deletes at most one small batch and commits on its
 * own, so no lock is held for long and ingest and workers keep going while old rows go.
 */
import { db } from "@/server/db/client";

/** Executions in these states are done; running, waiting and queued ones are never deleted. */
const FINISHED = ["succeeded", "failed", "cancelled"] as const;

export async function organizationsWithRetention(): Promise<{ id: string; retentionDays: number }[]> {
  return db().organization.findMany({ select: { id: true, retentionDays: true }, orderBy: { id: "asc" } });
}

/**
 * Up to `limit` finished executions of the organization that finished before the cutoff. An
 * execution is created before it finishes, so `created_at < cutoff` lets the scan use the
 * (organization_id, created_at) index.
 */
export async function expiredExecutionIds(organizationId: string, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM execution
     WHERE organization_id = ${organizationId}::uuid AND created_at < ${cutoff}
       AND status::text = ANY(${FINISHED as unknown as string[]}::text[])
       AND COALESCE(finished_at, created_at) < ${cutoff}
     ORDER BY created_at
     LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/** Deletes up to `limit` step runs (with the HTTP calls they recorded) of these executions. */
export async function deleteStepRunsOf(organizationId: string, executionIds: string[], limit: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM step_run WHERE id IN (
      SELECT id FROM step_run
       WHERE organization_id = ${organizationId}::uuid AND execution_id = ANY(${executionIds}::uuid[])
       LIMIT ${limit})`;
}

/** Deletes these executions, re-checking that they are still finished (a replay makes a new one). */
export async function deleteExecutions(organizationId: string, executionIds: string[], cutoff: Date): Promise<number> {
  return db().$executeRaw`
    DELETE FROM execution
     WHERE organization_id = ${organizationId}::uuid AND id = ANY(${executionIds}::uuid[])
       AND status::text = ANY(${FINISHED as unknown as string[]}::text[])
       AND COALESCE(finished_at, created_at) < ${cutoff}`;
}

/**
 * Deletes up to `limit` events received before the cutoff. Buffered events are pending work (they
 * run when their paused instance resumes) and stay; executions keep their own input.
 */
export async function deleteExpiredEvents(organizationId: string, cutoff: Date, limit: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM event WHERE id IN (
      SELECT id FROM event
       WHERE organization_id = ${organizationId}::uuid AND received_at < ${cutoff} AND verdict <> 'buffered'
       ORDER BY received_at
       LIMIT ${limit})`;
}

/** Resolved incidents (with their notifications) resolved before `cutoff`; open ones stay, however old. */
export async function deleteResolvedIncidents(organizationId: string, cutoff: Date, limit: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM incident WHERE id IN (
      SELECT id FROM incident
       WHERE organization_id = ${organizationId}::uuid AND status = 'resolved' AND resolved_at < ${cutoff}
       ORDER BY resolved_at
       LIMIT ${limit})`;
}

export async function retentionDaysOf(organizationId: string): Promise<number | null> {
  const row = await db().organization.findUnique({ where: { id: organizationId }, select: { retentionDays: true } });
  return row?.retentionDays ?? null;
}

export async function updateRetentionDays(organizationId: string, retentionDays: number): Promise<number> {
  const row = await db().organization.update({ where: { id: organizationId }, data: { retentionDays }, select: { retentionDays: true } });
  return row.retentionDays;
}
