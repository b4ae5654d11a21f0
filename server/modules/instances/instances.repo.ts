import { db, type Prisma } from "@/server/db/client";

export function insertInstance(data: {
  organizationId: string;
  customerId: string;
  integrationId: string;
  integrationVersionId: string;
  configValues: Prisma.InputJsonValue;
  configSecretsEncrypted: string | null;
  status: "active" | "configuring" | "deploying";
}) {
  return db().instance.create({ data: { ...data, deployedAt: data.status === "active" ? new Date() : null } });
}

/** `client` lets a caller read inside its transaction (no second pooled connection while it holds one). */
export function findInstance(organizationId: string, id: string, client: Pick<Prisma.TransactionClient, "instance"> = db()) {
  return client.instance.findFirst({ where: { organizationId, id } });
}

/** Everything a flow run needs about its instance: customer, pinned version and encrypted config. */
export function findInstanceForRun(organizationId: string, id: string) {
  return db().instance.findFirst({
    where: { organizationId, id },
    include: { customer: true, integrationVersion: { select: { id: true, version: true, manifest: true } } },
  });
}

export function setInstanceVersion(organizationId: string, id: string, integrationVersionId: string) {
  return db().instance.updateMany({ where: { organizationId, id }, data: { integrationVersionId } });
}
