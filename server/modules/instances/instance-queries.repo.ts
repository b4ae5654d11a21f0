/** Instance lists and details for the console and the API, and the config update of a reconfigure. */
import { db } from "@/server/db/client";
import type { InstanceStatus } from "@/server/db/generated/enums";
import type { Prisma } from "@/server/db/client";

export const instanceSummary = {
  id: true,
  status: true,
  statusReason: true,
  configValues: true,
  configSecretsEncrypted: true,
  bufferWhilePaused: true,
  deployedAt: true,
  versionActivatedAt: true,
  createdAt: true,
  updatedAt: true,
  integrationVersionId: true,
  customer: { select: { id: true, externalId: true, name: true } },
  integration: { select: { id: true, key: true, name: true } },
  integrationVersion: { select: { version: true } },
} as const;

export interface InstanceFilter {
  status?: InstanceStatus;
  integrationId?: string;
  customerId?: string;
  before?: { at: Date; id: string };
  take: number;
}

export function listInstancesPage(organizationId: string, filter: InstanceFilter) {
  const before = filter.before;
  return db().instance.findMany({
    where: {
      organizationId,
      status: filter.status,
      integrationId: filter.integrationId,
      customerId: filter.customerId,
      ...(before ? { OR: [{ createdAt: { lt: before.at } }, { createdAt: before.at, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.take,
    select: instanceSummary,
  });
}

export function findInstanceSummary(organizationId: string, id: string) {
  return db().instance.findFirst({ where: { organizationId, id }, select: instanceSummary });
}

export function updateInstanceConfig(
  organizationId: string,
  id: string,
  data: { configValues: Prisma.InputJsonValue; configSecretsEncrypted: string | null },
  client: Pick<Prisma.TransactionClient, "instance"> = db(),
) {
  return client.instance.updateMany({ where: { organizationId, id }, data });
}
