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

/** An incident opened or resolved; `test` is the message "Send a test" sends from the Alerts page. */
export type NotificationEvent = "opened" | "resolved" | "test";

export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/incidents/${incidentId}`;
}

/** Where the message links: the incident's page (a test links the Alerts page, as it has no incident). */
function linkFor(incident: IncidentForMessage, event: NotificationEvent, publicUrl: string): string {
  return event === "test" ? `${publicUrl.replace(/\/+$/, "")}/alerts` : incidentUrl(publicUrl, incident.id);
}

/** A test message's incident: what a real one would say, marked as a test. */
export function testIncident(channelName: string, now: Date = new Date()): IncidentForMessage {
  return {
    id: "test",
    title: `Test notification for the channel “${channelName}”`,
    summary: "Sent from the Alerts page to check that this channel works. Real incidents look like this one.",
    status: "open",
    occurrences: 1,
    openedAt: now,
    resolvedAt: null,
    subject: {},
    rule: { name: "Test", condition: "execution_failed" },
  };
}

export function emailMessage(incident: IncidentForMessage, event: NotificationEvent, publicUrl: string): { subject: string; text: string } {
  const url = linkFor(incident, event, publicUrl);
  const verb = { opened: "Incident", resolved: "Resolved", test: "Test" }[event];
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
      `${event === "test" ? "Alert settings" : "Open the incident"}: ${url}`,
      "",
      "You get one message per incident. Snooze it or change the rule on the incident's page.",
    ].join("\n"),
  };
}

export function slackText(incident: IncidentForMessage, event: NotificationEvent, publicUrl: string): string {
  const url = linkFor(incident, event, publicUrl);
  const mark = { opened: ":rotating_light:", resolved: ":white_check_mark:", test: ":wave:" }[event];
  return `${mark} *${incident.title}*\n${incident.summary}\n<${url}|${event === "test" ? "Open the alerts" : "Open the incident"}> · rule “${incident.rule.name}”`;
}

/** The webhook's JSON body: `incident.opened` or `incident.resolved`, with the incident and its link. */
export function webhookPayload(incident: IncidentForMessage, event: NotificationEvent, publicUrl: string, now: Date = new Date()) {
  return {
    type: `incident.${event}`,
    timestamp: now.toISOString(),
    data: {
      id: incident.id,
      url: linkFor(incident, event, publicUrl),
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
