import { db } from "@/server/db/client";
import { insertExecution, type NewExecution } from "@/server/modules/executions/executions.repo";
import { enqueueExecutionRun } from "@/server/modules/executions/queue.repo";

/** A customer's instances that can run tools now (active ones), with what names their integration. */
export function listToolInstances(scope: { organizationId: string; customerId: string }) {
  return db().instance.findMany({
    where: { organizationId: scope.organizationId, customerId: scope.customerId, status: "active" },
    select: {
      id: true,
      integrationVersionId: true,
      configValues: true,
      integration: { select: { key: true, name: true } },
    },
    orderBy: { createdAt: "asc" },
  });
}

/** The connections of these instances (what tools run with), credentials left out. */
export function listInstanceConnections(scope: { organizationId: string; customerId: string }, instanceIds: string[]) {
  return db().connection.findMany({
    where: { organizationId: scope.organizationId, customerId: scope.customerId, instanceId: { in: instanceIds } },
    select: { id: true, instanceId: true, key: true, connector: true, accountLabel: true, status: true, statusReason: true, updatedAt: true },
    orderBy: { updatedAt: "desc" },
  });
}

export function findCustomerByExternalId(organizationId: string, externalId: string) {
  return db().customer.findFirst({ where: { organizationId, externalId }, select: { id: true, externalId: true, name: true } });
}

/**
 * Takes one call from the customer's token bucket (refilled at `perSecond` up to `burst`) in one
 * statement, never overdrawing it. `available` is what the bucket held before: below 1 means the
 * call is refused, and says how long until a token is there. Like the endpoint buckets, it commits
 * without waiting for the WAL flush: losing the last few taken in a crash is harmless.
 */
export async function takeToolCallToken(
  scope: { organizationId: string; customerId: string },
  limit: { perSecond: number; burst: number },
): Promise<{ available: number } | null> {
  const rows = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL synchronous_commit = off`;
    return tx.$queryRaw<{ available: number }[]>`
      WITH bucket AS (
        SELECT id, least(${limit.burst}::float8,
                 coalesce(action_rate_tokens, ${limit.burst}::float8)
                 + greatest(0, extract(epoch FROM clock_timestamp() - coalesce(action_rate_refilled_at, clock_timestamp()))) * ${limit.perSecond}::float8) AS available
          FROM customer
         WHERE id = ${scope.customerId}::uuid AND organization_id = ${scope.organizationId}::uuid
         FOR UPDATE
      )
      UPDATE customer SET action_rate_tokens = CASE WHEN bucket.available >= 1 THEN bucket.available - 1 ELSE bucket.available END,
                          action_rate_refilled_at = clock_timestamp()
        FROM bucket
       WHERE customer.id = bucket.id
      RETURNING bucket.available AS available`;
  });
  return rows[0] ?? null;
}

/**
 * Records a tool call's execution with its first run due only once the call's answer has timed
 * out, as a synchronous webhook flow's is: this process runs it inline and answers with how it
 * went, and a worker takes over only what this process did not finish (it stopped, or the
 * timeout passed and the run was handed back).
 */
export function insertToolExecution(data: NewExecution, inlineMs: number) {
  return db().$transaction(async (tx) => {
    const execution = await insertExecution(data, tx);
    await enqueueExecutionRun(tx, execution.id, { runAt: new Date(Date.now() + inlineMs) });
    return execution;
  });
}
