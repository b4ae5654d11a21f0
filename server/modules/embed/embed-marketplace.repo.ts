/** Marketplace reads, scoped to one organization and showing only one customer's instances. */
import { db } from "@/server/db/client";

const publishedOnly = { some: { status: "published" as const } };

/**
 * Whose instances a marketplace page shows: a customer by id, or by the vendor's id for it (the
 * session exchange reads the page beside creating the customer), or nobody (the listing drawn
 * before the session exists).
 */
export type MarketplaceViewer = { customerId: string } | { customerExternalId: string } | null;

function viewerInstances(organizationId: string, viewer: MarketplaceViewer) {
  if (!viewer) return { id: { in: [] } };
  return "customerId" in viewer
    ? { organizationId, customerId: viewer.customerId }
    : { organizationId, customer: { organizationId, externalId: viewer.customerExternalId } };
}

export function listListedIntegrations(organizationId: string, viewer: MarketplaceViewer, filter: { search?: string; category?: string }) {
  const search = filter.search?.trim();
  return db().integration.findMany({
    where: {
      organizationId,
      listed: true,
      versions: publishedOnly,
      ...(filter.category ? { category: { equals: filter.category, mode: "insensitive" as const } } : {}),
      ...(search
        ? { OR: [{ name: { contains: search, mode: "insensitive" as const } }, { description: { contains: search, mode: "insensitive" as const } }] }
        : {}),
    },
    orderBy: { name: "asc" },
    select: {
      key: true,
      name: true,
      description: true,
      category: true,
      icon: true,
      instances: {
        where: viewerInstances(organizationId, viewer),
        // Connections that need reconnecting put a Reconnect prompt on the marketplace's card.
        select: {
          id: true,
          status: true,
          connections: { where: { organizationId, status: "broken" }, select: { key: true, connector: true, statusReason: true } },
        },
      },
    },
  });
}

export async function listListedCategories(organizationId: string): Promise<string[]> {
  const rows = await db().integration.findMany({
    where: { organizationId, listed: true, versions: publishedOnly, category: { not: null } },
    distinct: ["category"],
    select: { category: true },
    orderBy: { category: "asc" },
  });
  return rows.map((row) => row.category!).filter(Boolean);
}

/**
 * A listed integration with its latest published version and this customer's instance, if any.
 * `listedOnly: false` (the console deploying for a customer) also finds unlisted ones.
 */
export function findListedIntegration(organizationId: string, customerId: string, key: string, options: { listedOnly?: boolean } = {}) {
  return db().integration.findFirst({
    where: { organizationId, key, ...(options.listedOnly === false ? {} : { listed: true }), versions: publishedOnly },
    select: {
      id: true,
      key: true,
      name: true,
      description: true,
      category: true,
      icon: true,
      versions: {
        where: { status: "published" },
        orderBy: { version: "desc" },
        take: 1,
        select: { id: true, version: true, manifest: true, releaseNotes: true },
      },
      instances: { where: { organizationId, customerId }, select: { id: true, status: true } },
    },
  });
}

/** Shows or hides an integration in the embedded marketplace. */
export function setIntegrationListed(organizationId: string, integrationId: string, listed: boolean) {
  return db().integration.updateMany({ where: { organizationId, id: integrationId }, data: { listed } });
}
