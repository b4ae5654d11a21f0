/** What a notification says, per channel: one short message with the link to the incident's page. */
import { CONDITION_LABELS, type AlertCondition } from "./alerts.schema";

export interface IncidentForMessage {
  id: string;
  title: string;
  summary: string;
  status: string;
  occurrences: number;
  openedAt: Date;
  resolvedAt: Date | null;
  subject: unknown;
  rule: { name: string; condition: string };
}

export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/incidents/${incidentId}`;
}

export function emailMessage(incident: IncidentForMessage, event: "opened" | "resolved", publicUrl: string): { subject: string; text: string } {
  const url = incidentUrl(publicUrl, incident.id);
  const verb = event === "opened" ? "Incident" : "Resolved";
  return {
    subject: `[Switchyard] ${verb}: ${incident.title}`,
    text: [
      incident.title,
      "",
      incident.summary,
      "",
      `Rule: ${incident.rule.name} (${CONDITION_LABELS[incident.rule.condition as AlertCondition] ?? incident.rule.condition})`,
      `Opened: ${incident.openedAt.toISOString()}`,
      ...(incident.resolvedAt ? [`Resolved: ${incident.resolvedAt.toISOString()}`] : []),
      "",
      `Open the incident: ${url}`,
      "",
      "You get one message per incident. Snooze it or change the rule on the incident's page.",
    ].join("\n"),
  };
}

export function slackText(incident: IncidentForMessage, event: "opened" | "resolved", publicUrl: string): string {
  const url = incidentUrl(publicUrl, incident.id);
  const mark = event === "opened" ? ":rotating_light:" : ":white_check_mark:";
  return `${mark} *${incident.title}*\n${incident.summary}\n<${url}|Open the incident> · rule “${incident.rule.name}”`;
}

/** The webhook's JSON body: `incident.opened` or `incident.resolved`, with the incident and its link. */
export function webhookPayload(incident: IncidentForMessage, event: "opened" | "resolved", publicUrl: string, now: Date = new Date()) {
  return {
    type: `incident.${event}`,
    timestamp: now.toISOString(),
    data: {
      id: incident.id,
      url: incidentUrl(publicUrl, incident.id),
      title: incident.title,
      summary: incident.summary,
      status: incident.status,
      occurrences: incident.occurrences,
      openedAt: incident.openedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      rule: { name: incident.rule.name, condition: incident.rule.condition },
      subject: incident.subject,
    },
  };
}
