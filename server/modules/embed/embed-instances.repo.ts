/**
 * The customer's own instances. Every query carries organization AND customer, so a session can
 * only ever reach its customer's rows, whatever id it sends.
 */
import { db } from "@/server/db/client";
import { Prisma } from "@/server/db/generated/client";

export interface Owner {
  organizationId: string;
  customerId: string;
}

export function findOwnedInstance(owner: Owner, id: string) {
  return db().instance.findFirst({
    where: { organizationId: owner.organizationId, customerId: owner.customerId, id },
    include: {
      integration: { select: { id: true, key: true, name: true, icon: true } },
      integrationVersion: { select: { id: true, version: true, manifest: true } },
    },
  });
}

export function listOwnedInstances(owner: Owner) {
  return db().instance.findMany({
    where: { organizationId: owner.organizationId, customerId: owner.customerId },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, integration: { select: { key: true, name: true } } },
  });
}

export function saveWizardDraft(owner: Owner, id: string, data: { wizardProgress: Prisma.InputJsonValue; configSecretsEncrypted?: string | null }) {
  return db().instance.updateMany({ where: { organizationId: owner.organizationId, customerId: owner.customerId, id }, data });
}

export function writeInstanceConfig(
  owner: Owner,
  id: string,
  data: { configValues: Prisma.InputJsonValue; configSecretsEncrypted: string | null },
  client: Pick<Prisma.TransactionClient, "instance"> = db(),
) {
  return client.instance.updateMany({
    where: { organizationId: owner.organizationId, customerId: owner.customerId, id },
    // The wizard's draft is done once the configuration it held is saved.
    data: { ...data, wizardProgress: Prisma.DbNull },
  });
}

export function listInstanceConnections(owner: Owner, instanceId: string) {
  return db().connection.findMany({
    where: { organizationId: owner.organizationId, customerId: owner.customerId, instanceId },
    orderBy: { updatedAt: "desc" },
    select: { id: true, key: true, connector: true, accountLabel: true, status: true, statusReason: true, updatedAt: true },
  });
}

/** Links a connection the customer just authorised (not yet tied to an instance) to the instance. */
export function linkConnection(owner: Owner, instanceId: string, connectionId: string, key: string) {
  return db().connection.updateMany({
    where: { organizationId: owner.organizationId, customerId: owner.customerId, id: connectionId, key, OR: [{ instanceId: null }, { instanceId }] },
    data: { instanceId },
  });
}
