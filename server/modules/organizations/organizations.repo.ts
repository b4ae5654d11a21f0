import { db } from "@/server/db/client";

export function getOrganizationOverview(organizationId: string) {
  return db().organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: {
      id: true,
      name: true,
      slug: true,
      createdAt: true,
      retentionDays: true,
      _count: { select: { memberships: true, integrations: true, customers: true } },
    },
  });
}

export function listMembers(organizationId: string) {
  return db().membership.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
}

export async function networkAllowList(organizationId: string): Promise<string[]> {
  const org = await db().organization.findUnique({ where: { id: organizationId }, select: { networkAllowList: true } });
  return org?.networkAllowList ?? [];
}

/** Adds a destination to the organization's network allow-list unless it is already there. */
export async function allowNetworkDestination(organizationId: string, destination: string): Promise<void> {
  await db().$executeRaw`UPDATE organization SET network_allow_list = array_append(network_allow_list, ${destination})
    WHERE id = ${organizationId}::uuid AND NOT (${destination} = ANY(network_allow_list))`;
}
