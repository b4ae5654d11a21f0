import { db } from "@/server/db/client";

/**
 * Active instances whose pinned manifest has a schedule flow, for the scheduler. Not scoped by
 * organization on purpose: the scheduler serves every tenant; each row carries its organization
 * and everything done with it afterwards is scoped by it. Keyset-paginated by id.
 */
export function listScheduledInstances(afterId: string | null, take: number) {
  return db().$queryRaw<
    {
      id: string;
      organization_id: string;
      customer_id: string;
      integration_version_id: string;
      config_values: Record<string, unknown>;
      deployed_at: Date | null;
      manifest: unknown;
    }[]
  >`SELECT i.id, i.organization_id, i.customer_id, i.integration_version_id, i.config_values, i.deployed_at, v.manifest
      FROM instance i JOIN integration_version v ON v.id = i.integration_version_id
     WHERE i.status = 'active' AND v.manifest->'flows' @> '[{"trigger": {"type": "schedule"}}]'::jsonb
       AND (${afterId}::uuid IS NULL OR i.id > ${afterId}::uuid)
     ORDER BY i.id LIMIT ${take}`;
}
