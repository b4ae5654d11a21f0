import { describe, expect, it } from "vitest";
import { emailMessage, slackText, testIncident, webhookPayload, type IncidentForMessage } from "./notification-message";

const incident: IncidentForMessage = {
  id: "0193a0c4-0000-7000-8000-000000000001",
  title: "Executions failing: GitHub ↔ Zendesk for Acme Corp",
  summary: "2 failed executions in the last 15 minutes; the latest (flow issues-to-tickets): States.TaskFailed: Zendesk answered 422",
  status: "open",
  occurrences: 2,
  openedAt: new Date("2026-12-07T12:03:00Z"),
  resolvedAt: null,
  subject: { instanceId: "i-1" },
  rule: { name: "Any failure", condition: "execution_failed" },
};

describe("notification messages", () => {
  it("each channel's message names the incident and links its page", () => {
    const link = "https://switchyard.example.com/incidents/0193a0c4-0000-7000-8000-000000000001";
    const email = emailMessage(incident, "opened", "https://switchyard.example.com/");
    expect(email.subject).toBe("[Switchyard] Incident: Executions failing: GitHub ↔ Zendesk for Acme Corp");
    expect(email.text).toContain(`Open the incident: ${link}`);
    expect(email.text).toContain("Rule: Any failure (An execution failed)");
    expect(slackText(incident, "opened", "https://switchyard.example.com")).toBe(
      `:rotating_light: *${incident.title}*\n${incident.summary}\n<${link}|Open the incident> · rule “Any failure”`,
    );
    expect(
      webhookPayload(
        { ...incident, status: "resolved", resolvedAt: new Date("2026-12-07T12:30:00Z") },
        "resolved",
        "https://switchyard.example.com",
        new Date("2026-12-07T12:30:01Z"),
      ),
    ).toEqual({
      type: "incident.resolved",
      timestamp: "2026-12-07T12:30:01.000Z",
      data: expect.objectContaining({ id: incident.id, url: link, status: "resolved", resolvedAt: "2026-12-07T12:30:00.000Z", occurrences: 2 }),
    });
  });

  it("a test message says so and links the Alerts page", () => {
    const test = testIncident("On-call");
    expect(emailMessage(test, "test", "https://switchyard.example.com").subject).toBe("[Switchyard] Test: Test notification for the channel “On-call”");
    expect(webhookPayload(test, "test", "https://switchyard.example.com")).toMatchObject({
      type: "incident.test",
      data: { url: "https://switchyard.example.com/alerts" },
    });
  });
});
