/** Reads for the console and the API: integration lists, versions and their sources, marketplace listing. */
import { db } from "@/server/db/client";

export interface KeysetPage {
  before?: { at: Date; id: string };
  take: number;
}

const integrationSummary = {
  id: true,
  key: true,
  name: true,
  description: true,
  category: true,
  icon: true,
  listed: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { instances: true } },
  versions: {
    orderBy: { version: "desc" as const },
    take: 1,
    select: { id: true, version: true, status: true, publishedAt: true, createdAt: true },
  },
} as const;

export function listIntegrationsPage(organizationId: string, page: KeysetPage) {
  const before = page.before;
  return db().integration.findMany({
    where: { organizationId, ...(before ? { OR: [{ createdAt: { lt: before.at } }, { createdAt: before.at, id: { lt: before.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.take,
    select: integrationSummary,
  });
}

export function findIntegrationSummary(organizationId: string, id: string) {
  return db().integration.findFirst({ where: { organizationId, id }, select: integrationSummary });
}

export function findVersionWithSource(organizationId: string, integrationId: string, versionId: string) {
  return db().integrationVersion.findFirst({
    where: { organizationId, integrationId, id: versionId },
    select: { id: true, version: true, status: true, source: true, checksum: true, releaseNotes: true, publishedAt: true, createdAt: true },
  });
}

/** Flow keys and triggers of each published version, for filters and the manual-start form. */
export function listPublishedFlows(organizationId: string) {
  return db().$queryRaw<{ integration_id: string; flow_key: string; trigger_type: string }[]>`
    SELECT DISTINCT v.integration_id, f->>'key' AS flow_key, f->'trigger'->>'type' AS trigger_type
      FROM integration_version v, jsonb_array_elements(v.manifest->'flows') f
     WHERE v.organization_id = ${organizationId}::uuid
     ORDER BY 2`;
}

export function updateIntegrationListing(organizationId: string, id: string, data: { listed?: boolean; category?: string | null; icon?: string | null }) {
  return db().integration.updateMany({ where: { organizationId, id }, data });
}
