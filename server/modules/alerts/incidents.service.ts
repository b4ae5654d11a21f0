/** The console's incidents: open and past ones, one incident's page, snoozing. */
import { AppError } from "@/server/errors";
import type { AlertCondition, IncidentDetail } from "./alerts.schema";
import { countOpenIncidents, findIncident, listIncidents, snoozeIncident } from "./incidents.repo";

type IncidentRow = NonNullable<Awaited<ReturnType<typeof findIncident>>> | Awaited<ReturnType<typeof listIncidents>>[number];

function summaryOf(row: IncidentRow) {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.rule.name,
    condition: row.rule.condition as AlertCondition,
    title: row.title,
    summary: row.summary,
    status: row.status as "open" | "resolved",
    occurrences: row.occurrences,
    openedAt: row.openedAt,
    lastSeenAt: row.lastSeenAt,
    resolvedAt: row.resolvedAt,
    snoozedUntil: row.snoozedUntil,
  };
}

export async function incidentsPage(organizationId: string, filter: { status?: "open" | "resolved"; ruleId?: string; limit?: number; cursor?: string }) {
  const limit = filter.limit ?? 50;
  const rows = await listIncidents(organizationId, { ...filter, limit });
  const page = rows.slice(0, limit);
  return { items: page.map(summaryOf), nextCursor: rows.length > limit ? page.at(-1)!.id : null, openCount: await countOpenIncidents(organizationId) };
}

export async function incidentDetail(organizationId: string, id: string): Promise<IncidentDetail> {
  const row = await findIncident(organizationId, id);
  if (!row) throw new AppError("NOT_FOUND", "No such incident.");
  return {
    ...summaryOf(row),
    subject: row.subject as IncidentDetail["subject"],
    notifications: row.notifications.map((n) => ({
      id: n.id,
      channelName: n.channelName,
      channelKind: n.channelKind,
      event: n.event,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
      sentAt: n.sentAt,
      createdAt: n.createdAt,
    })),
  };
}

export const SNOOZE_HOURS = [1, 4, 24, 24 * 7] as const;

/** No notifications for this incident's rule and subject for `hours` (null: snooze off again). */
export async function snooze(organizationId: string, id: string, hours: number | null, now: Date = new Date()): Promise<IncidentDetail> {
  const until = hours === null ? null : new Date(now.getTime() + hours * 3600_000);
  if (!(await snoozeIncident(organizationId, id, until))) throw new AppError("NOT_FOUND", "No such incident.");
  return incidentDetail(organizationId, id);
}
