/** Executions and step runs as the customer sees them: organization AND customer in every query. */
import { db } from "@/server/db/client";
import type { ExecutionStatus } from "@/server/db/generated/enums";
import { describeError } from "./customer-run";
import type { Owner } from "./embed-instances.repo";

export interface ExecutionFilter {
  instanceId?: string;
  status?: ExecutionStatus;
  flowKey?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

export function listOwnedExecutions(owner: Owner, filter: ExecutionFilter) {
  return db().execution.findMany({
    where: {
      organizationId: owner.organizationId,
      customerId: owner.customerId,
      ...(filter.instanceId ? { instanceId: filter.instanceId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.flowKey ? { flowKey: filter.flowKey } : {}),
      ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      instanceId: true,
      integrationVersionId: true,
      flowKey: true,
      trigger: true,
      status: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      replayOfId: true,
      input: true,
      event: { select: { eventType: true } },
    },
  });
}

export function findOwnedExecution(owner: Owner, id: string) {
  return db().execution.findFirst({ where: { organizationId: owner.organizationId, customerId: owner.customerId, id } });
}

export function listOwnedSteps(owner: Owner, executionId: string) {
  return db().stepRun.findMany({
    where: { organizationId: owner.organizationId, executionId, execution: { customerId: owner.customerId } },
    orderBy: { sequence: "asc" },
  });
}

export function findOwnedVersionManifest(owner: Owner, versionId: string) {
  return db().integrationVersion.findFirst({ where: { organizationId: owner.organizationId, id: versionId }, select: { manifest: true, version: true } });
}

/** The manifests of several versions (the distinct versions of a page of runs). */
export function listVersionManifests(owner: Owner, versionIds: string[]) {
  return db().integrationVersion.findMany({ where: { organizationId: owner.organizationId, id: { in: versionIds } }, select: { id: true, manifest: true } });
}

/** The type of the event that started a run (an event between flows), or null. */
export function findOwnedEventType(owner: Owner, eventId: string | null) {
  if (!eventId) return Promise.resolve(null);
  return db().event.findFirst({ where: { organizationId: owner.organizationId, id: eventId }, select: { eventType: true } });
}

/** The instance's latest deploy/remove attempt per flow, with the states it went through. */
export async function latestLifecycleRuns(owner: Owner, instanceId: string) {
  const rows = await db().execution.findMany({
    where: { organizationId: owner.organizationId, customerId: owner.customerId, instanceId, trigger: { in: ["instance.deploy", "instance.remove"] } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      flowKey: true,
      trigger: true,
      status: true,
      error: true,
      createdAt: true,
      stepRuns: { orderBy: { sequence: "asc" }, select: { stateName: true, status: true } },
    },
  });
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.flowKey) && seen.add(row.flowKey)).map((row) => ({ ...row, error: describeError(row.error) }));
}
