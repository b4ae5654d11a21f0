/** Incidents and their notifications. Every query is scoped by organization. */
import { db, type Prisma } from "@/server/db/client";
import { uuidv7 } from "@/server/db/uuid";
import { JOBS } from "@/server/jobs/job-catalog";
import type { FiringSubject } from "./conditions.repo";

export function organizationsWithRules() {
  return db().alertRule.findMany({ where: { enabled: true }, distinct: ["organizationId"], select: { organizationId: true } });
}

export function enabledRules(organizationId: string) {
  return db().alertRule.findMany({ where: { organizationId, enabled: true }, orderBy: { createdAt: "asc" } });
}

export function openIncidentsOf(organizationId: string, ruleId: string) {
  return db().incident.findMany({ where: { organizationId, ruleId, status: "open" } });
}

/** Until when notifications for this rule and subject are snoozed (the latest snooze of its incidents), if later than now. */
async function snoozedUntil(tx: Prisma.TransactionClient, organizationId: string, ruleId: string, subjectKey: string): Promise<Date | null> {
  const latest = await tx.incident.findFirst({
    where: { organizationId, ruleId, subjectKey, snoozedUntil: { gt: new Date() } },
    orderBy: { snoozedUntil: "desc" },
    select: { snoozedUntil: true },
  });
  return latest?.snoozedUntil ?? null;
}

interface ChannelRef {
  id: string;
  name: string;
  kind: string;
}

/** Notification rows for `channels` and, unless snoozed, a send job for each, in the caller's transaction. */
async function queueNotifications(
  tx: Prisma.TransactionClient,
  organizationId: string,
  incidentId: string,
  event: "opened" | "resolved",
  channels: ChannelRef[],
  snoozed: Date | null,
) {
  for (const channel of channels) {
    const id = uuidv7();
    await tx.incidentNotification.create({
      data: {
        id,
        organizationId,
        incidentId,
        channelId: channel.id,
        channelName: channel.name,
        channelKind: channel.kind,
        event,
        status: snoozed ? "skipped" : "pending",
        lastError: snoozed ? `snoozed until ${snoozed.toISOString()}` : null,
      },
    });
    if (!snoozed) {
      await tx.$executeRaw`SELECT graphile_worker.add_job(${JOBS.notify.name}, json_build_object('organizationId', ${organizationId}::text, 'notificationId', ${id}::text),
        max_attempts := ${JOBS.notify.maxAttempts}::int)`;
    }
  }
}

/**
 * Opens an incident for the subject unless one is open already (the partial unique index decides
 * between evaluations racing), with its notifications. Returns the new incident's id, or null.
 */
export function openIncident(organizationId: string, ruleId: string, firing: FiringSubject, channels: ChannelRef[]): Promise<string | null> {
  return db().$transaction(async (tx) => {
    const snoozed = await snoozedUntil(tx, organizationId, ruleId, firing.key);
    const id = uuidv7();
    const inserted = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO incident (id, organization_id, rule_id, subject_key, title, summary, subject, occurrences, snoozed_until)
      VALUES (${id}::uuid, ${organizationId}::uuid, ${ruleId}::uuid, ${firing.key}, ${firing.title}, ${firing.summary},
              ${JSON.stringify(firing.subject)}::jsonb, ${firing.occurrences}::int, ${snoozed})
      ON CONFLICT (rule_id, subject_key) WHERE status = 'open' DO NOTHING
      RETURNING id::text`;
    if (inserted.length === 0) return null;
    await queueNotifications(tx, organizationId, id, "opened", channels, snoozed);
    return id;
  });
}

/** The condition still holds: the count and summary follow it; no new notification. */
export async function touchIncident(organizationId: string, id: string, firing: FiringSubject): Promise<void> {
  await db().incident.updateMany({
    where: { organizationId, id, status: "open" },
    data: { lastSeenAt: new Date(), occurrences: firing.occurrences, summary: firing.summary, title: firing.title },
  });
}

/** The condition stopped: resolved, and the channels that want to hear it (webhooks) are told. */
export function resolveIncident(organizationId: string, id: string, channels: ChannelRef[]): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.incident.updateMany({ where: { organizationId, id, status: "open" }, data: { status: "resolved", resolvedAt: new Date() } });
    if (count === 0) return false;
    const incident = await tx.incident.findFirstOrThrow({ where: { organizationId, id }, select: { snoozedUntil: true } });
    const snoozed = incident.snoozedUntil && incident.snoozedUntil > new Date() ? incident.snoozedUntil : null;
    await queueNotifications(tx, organizationId, id, "resolved", channels, snoozed);
    return true;
  });
}

export interface IncidentFilter {
  status?: "open" | "resolved";
  ruleId?: string;
  limit: number;
  /** The last incident of the previous page (newest first). */
  cursor?: string;
}

export function listIncidents(organizationId: string, filter: IncidentFilter) {
  return db().incident.findMany({
    where: { organizationId, ...(filter.status ? { status: filter.status } : {}), ...(filter.ruleId ? { ruleId: filter.ruleId } : {}) },
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    include: { rule: { select: { name: true, condition: true } } },
  });
}

export function countOpenIncidents(organizationId: string) {
  return db().incident.count({ where: { organizationId, status: "open" } });
}

export function findIncident(organizationId: string, id: string) {
  return db().incident.findFirst({
    where: { organizationId, id },
    include: { rule: { select: { name: true, condition: true } }, notifications: { orderBy: { createdAt: "asc" } } },
  });
}

export async function snoozeIncident(organizationId: string, id: string, until: Date | null): Promise<boolean> {
  const { count } = await db().incident.updateMany({ where: { organizationId, id }, data: { snoozedUntil: until } });
  return count > 0;
}

export function findNotification(organizationId: string, id: string) {
  return db().incidentNotification.findFirst({
    where: { organizationId, id },
    include: { incident: { include: { rule: { select: { name: true, condition: true } } } } },
  });
}

export async function recordAttempt(
  organizationId: string,
  id: string,
  outcome: { sent: true } | { sent: false; error: string; final: boolean },
): Promise<void> {
  await db().incidentNotification.updateMany({
    where: { organizationId, id },
    data: outcome.sent
      ? { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lastError: null }
      : { status: outcome.final ? "failed" : "pending", attempts: { increment: 1 }, lastError: outcome.error.slice(0, 500) },
  });
}
