/** Numbers for the console dashboard, over the organization's recent executions. */
import { db } from "@/server/db/client";
import type { ExecutionStatus } from "@/server/db/generated/enums";

export function executionsPerHour(organizationId: string, since: Date) {
  return db().$queryRaw<{ hour: Date; status: ExecutionStatus; count: number }[]>`
    SELECT date_trunc('hour', created_at) AS hour, status, count(*)::int AS count
      FROM execution
     WHERE organization_id = ${organizationId}::uuid AND created_at >= ${since}
     GROUP BY 1, 2 ORDER BY 1`;
}

export function mostFailingIntegrations(organizationId: string, since: Date, take: number) {
  return db().$queryRaw<{ integration_id: string; key: string; name: string; failed: number; total: number }[]>`
    SELECT i.id AS integration_id, i.key, i.name,
           count(*) FILTER (WHERE e.status = 'failed')::int AS failed, count(*)::int AS total
      FROM execution e
      JOIN integration_version v ON v.id = e.integration_version_id
      JOIN integration i ON i.id = v.integration_id
     WHERE e.organization_id = ${organizationId}::uuid AND e.created_at >= ${since}
     GROUP BY i.id, i.key, i.name
    HAVING count(*) FILTER (WHERE e.status = 'failed') > 0
     ORDER BY failed DESC, total DESC
     LIMIT ${take}`;
}
