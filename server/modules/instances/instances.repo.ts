import { db, type Db, type Prisma } from "@/server/db/client";
import { dropHeldEvents } from "@/server/modules/events/events.repo";
import { removeExecutionRun } from "@/server/modules/executions/queue.repo";

type Instance = Awaited<ReturnType<Db["instance"]["create"]>>;

/** Inserts the instance and runs `within` (endpoints, deploy flows) in the same transaction. */
export function insertInstance(
  data: {
    organizationId: string;
    customerId: string;
    integrationId: string;
    integrationVersionId: string;
    configValues: Prisma.InputJsonValue;
    configSecretsEncrypted: string | null;
    status: "active" | "configuring" | "deploying";
  },
  within: (tx: Prisma.TransactionClient, instance: Instance) => Promise<void> = async () => undefined,
) {
  return db().$transaction(async (tx) => {
    const activatedAt = data.status === "active" ? new Date() : null;
    const instance = await tx.instance.create({ data: { ...data, deployedAt: activatedAt, versionActivatedAt: activatedAt } });
    await within(tx, instance);
    return instance;
  });
}

type InstanceStatus = Instance["status"];

/**
 * Moves an instance between statuses only from the ones given, so concurrent transitions (two
 * resumes, a settle racing a removal) cannot both win. `within` runs in the same transaction
 * when the move happened. Returns whether it did.
 */
export async function transitionInstance(
  organizationId: string,
  id: string,
  from: InstanceStatus[],
  data: { status: InstanceStatus; statusReason?: string | null; deployedAt?: Date; bufferWhilePaused?: boolean },
  within: (tx: Prisma.TransactionClient) => Promise<void> = async () => undefined,
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    // A deploy that went live is also when the pinned version did.
    const written = data.deployedAt ? { ...data, versionActivatedAt: data.deployedAt } : data;
    const { count } = await tx.instance.updateMany({ where: { organizationId, id, status: { in: from } }, data: written });
    if (count > 0) await within(tx);
    return count > 0;
  });
}

/**
 * Deletes the instance (endpoints, connections and state go with it). Its unfinished executions
 * are cancelled and their jobs dropped; finished ones stay as history.
 */
export async function deleteInstanceRow(organizationId: string, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const open = await tx.$queryRaw<
      { id: string }[]
    >`UPDATE execution SET status = 'cancelled', finished_at = now(), lease_until = NULL, wait_until = NULL, current_input = NULL, updated_at = now()
      WHERE organization_id = ${organizationId}::uuid AND instance_id = ${id}::uuid AND status IN ('queued', 'running', 'waiting') RETURNING id`;
    for (const row of open) await removeExecutionRun(tx, row.id);
    await dropHeldEvents(tx, organizationId, id, "dropped: the instance was removed before it could run");
    await tx.instance.deleteMany({ where: { organizationId, id } });
  });
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

/** An instance's config columns as a run needs them, with the `updatedAt` every config change moves. */
export function findInstanceConfig(organizationId: string, id: string) {
  return db().instance.findFirst({ where: { organizationId, id }, select: { configValues: true, configSecretsEncrypted: true, updatedAt: true } });
}

/** An upgrade: the new version is live from now on (its deploy flows run again meanwhile). */
export function setInstanceVersion(organizationId: string, id: string, integrationVersionId: string) {
  return db().instance.updateMany({ where: { organizationId, id }, data: { integrationVersionId, versionActivatedAt: new Date() } });
}
