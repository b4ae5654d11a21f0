import { db } from "@/server/db/client";
import type { ExecutionStatus } from "@/server/db/generated/enums";

export interface ExecutionWaitFacts {
  status: ExecutionStatus;
  started: boolean;
  concurrency_key: string | null;
  concurrency_limit: number | null;
  /** Unfinished executions of its queue that go before it (ahead in arrival order, or under way); null unless it waits for its turn. */
  ahead: number | null;
  wait_for: unknown;
  wait_until: Date | null;
}

/** What an unfinished execution waits for, as stored; null when there is no such execution in the organization. */
export async function findExecutionWaitFacts(organizationId: string, executionId: string): Promise<ExecutionWaitFacts | null> {
  const rows = await db().$queryRaw<ExecutionWaitFacts[]>`
    SELECT x.status, x.started_at IS NOT NULL AS started, x.concurrency_key, x.concurrency_limit, x.wait_for, x.wait_until,
           CASE WHEN x.status = 'queued' AND x.concurrency_key IS NOT NULL AND x.started_at IS NULL THEN
             (SELECT count(*)::int FROM execution y
               WHERE y.organization_id = x.organization_id AND y.concurrency_key = x.concurrency_key
                 AND y.status IN ('queued', 'running', 'waiting') AND y.id <> x.id AND (y.id < x.id OR y.started_at IS NOT NULL))
           END AS ahead
      FROM execution x
     WHERE x.organization_id = ${organizationId}::uuid AND x.id = ${executionId}::uuid`;
  return rows[0] ?? null;
}
