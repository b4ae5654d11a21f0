import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { manualManifest } from "@/server/api/testing/call-route";
import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { mintPersonalToken } from "@/server/sandbox/oauth/personal-tokens";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { callerAs, createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { startSmtpReceiver, type SmtpReceiver } from "@/server/testing/smtp-receiver";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { evaluateOrganizationAlerts } from "./evaluate-alerts";

let worker: Awaited<ReturnType<typeof startTestWorker>>;
let smtp: SmtpReceiver;
let sandbox: SandboxServer;
let vendor: LocalServer;
/** How many of the next webhook deliveries the vendor's endpoint refuses with a 503. */
let refuseNext = 0;
const SMTP_PASSWORD = "smtp-password-for-alerts";

beforeAll(async () => {
  await seedSandbox();
  [smtp, sandbox, vendor] = await Promise.all([
    startSmtpReceiver({ username: "alerts", password: SMTP_PASSWORD }),
    startSandboxServer(),
    startLocalServer((_request, response) => {
      if (refuseNext > 0) {
        refuseNext--;
        return response.writeHead(503).end("busy");
      }
      response.writeHead(204).end();
    }),
  ]);
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});
afterAll(async () => {
  await worker.stop();
  await Promise.all([smtp.stop(), sandbox.close(), vendor.close()]);
});
beforeEach(() => {
  refuseNext = 0;
});

/** An organization with an instance of a flow that fails, the three kinds of channel and the SMTP server set up in the console. */
async function vendorWithChannels() {
  const { organization, user } = await createOrganizationWithMember();
  await db().organization.update({ where: { id: organization.id }, data: { networkAllowList: [smtp.allow, vendor.origin, sandbox.origin] } });
  const console = callerAs({ userId: user.id });
  const { instance } = await deployIntegration({
    organizationId: organization.id,
    manifest: manualManifest(uniqueKey("alerts")),
    config: { greeting: "Hi" },
    customer: uniqueKey("acme"),
  });
  await console.alerts.saveSmtp({
    host: "127.0.0.1",
    port: smtp.port,
    security: "none",
    username: "alerts",
    password: SMTP_PASSWORD,
    fromAddress: "Switchyard alerts <alerts@vendor.test>",
  });
  const email = await console.alerts.createChannel({ kind: "email", name: "On-call", recipients: ["oncall@vendor.test"] });
  const webhook = await console.alerts.createChannel({ kind: "webhook", name: "Ops webhook", url: `${vendor.origin}/switchyard-alerts` });
  const slackToken = (await mintPersonalToken("slack", { login: SANDBOX_DEMO.slack.user })).token;
  const slack = await console.alerts.createChannel({
    kind: "slack",
    name: "#support",
    channel: "#support",
    botToken: slackToken,
    apiBaseUrl: `${sandbox.origin}/sandbox/slack/api`,
  });
  return {
    organization,
    console,
    instance,
    slackToken,
    signingSecret: webhook.signingSecret!,
    channelIds: [email.channel.id, webhook.channel.id, slack.channel.id],
  };
}

async function failOnce(console: ReturnType<typeof callerAs>, instanceId: string) {
  const started = await console.executions.start({ instanceId, flowKey: "explode", input: {} });
  await waitFor(async () => (await console.executions.get({ id: started.id })).status === "failed", "the execution to fail");
  return started.id;
}

function notificationsOf(incidentId: string) {
  return db().incidentNotification.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } });
}

/** The webhook deliveries the vendor's endpoint received about one incident. */
function deliveriesAbout(incidentId: string) {
  return vendor.requests.filter(
    (request) => request.url === "/switchyard-alerts" && (JSON.parse(request.body || "{}") as { data?: { id?: string } }).data?.id === incidentId,
  );
}

async function slackHistory(token: string): Promise<string[]> {
  const response = await fetch(`${sandbox.origin}/sandbox/slack/api/conversations.history?channel=C0SUPPORT1&limit=20`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
}

describe("alerts", () => {
  it("a failed execution opens one incident; e-mail, the signed webhook and Slack each hear of it once; it resolves when the failures stop", async () => {
    const v = await vendorWithChannels();
    await v.console.alerts.createRule({ name: "Any failure", condition: "execution_failed", windowMinutes: 15, channelIds: v.channelIds });
    await failOnce(v.console, v.instance.id);
    const latest = await failOnce(v.console, v.instance.id);

    await evaluateOrganizationAlerts(v.organization.id);
    const open = await v.console.incidents.list({ status: "open" });
    expect(open.items).toHaveLength(1);
    const incident = open.items[0];
    expect(incident.title).toMatch(/^Executions failing: Manual alerts-\w+ for acme-\w+$/);
    expect(incident.summary).toContain("2 failed executions in the last 15 minutes");
    expect(incident.summary).toContain("Exploded: it blew up");
    const detail = await v.console.incidents.get({ id: incident.id });
    // The page links the instance and the latest failed execution.
    expect(detail.subject).toMatchObject({ instanceId: v.instance.id, executionId: latest });

    await waitFor(async () => (await notificationsOf(incident.id)).every((n) => n.status === "sent"), "the three notifications");
    const link = `http://localhost:3999/incidents/${incident.id}`;

    const mails = smtp.messages.filter((m) => m.text?.includes(link));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ user: "alerts", envelope: { to: ["oncall@vendor.test"] } });
    expect(mails[0].subject).toBe(`[Switchyard] Incident: ${incident.title}`);

    const hooks = deliveriesAbout(incident.id);
    expect(hooks).toHaveLength(1);
    const headers = Object.fromEntries(Object.entries(hooks[0].headers).map(([k, value]) => [k, String(value)]));
    const payload = new Webhook(v.signingSecret).verify(hooks[0].body, headers) as { type: string; data: { id: string; url: string; status: string } };
    expect(payload).toMatchObject({ type: "incident.opened", data: { id: incident.id, url: link, status: "open" } });
    expect(headers["webhook-id"]).toBe((await notificationsOf(incident.id)).find((n) => n.channelKind === "webhook")!.id);

    expect((await slackHistory(v.slackToken)).filter((text) => text.includes(link))).toHaveLength(1);

    // Still failing: the incident is kept up to date, and nobody is told again.
    await failOnce(v.console, v.instance.id);
    await evaluateOrganizationAlerts(v.organization.id);
    expect((await v.console.incidents.get({ id: incident.id })).occurrences).toBe(3);
    expect(await notificationsOf(incident.id)).toHaveLength(3);

    // A window without failures: the failures are 20 minutes old now.
    await db().execution.updateMany({ where: { instanceId: v.instance.id }, data: { finishedAt: new Date(Date.now() - 20 * 60_000) } });
    await evaluateOrganizationAlerts(v.organization.id);
    const resolved = await v.console.incidents.get({ id: incident.id });
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).not.toBeNull();
    // Machines that track state hear the resolution; people had their one message.
    await waitFor(async () => deliveriesAbout(incident.id).length === 2, "the resolution webhook");
    const resolution = deliveriesAbout(incident.id)[1];
    expect(JSON.parse(resolution.body)).toMatchObject({ type: "incident.resolved", data: { id: incident.id, status: "resolved" } });
    expect(smtp.messages.filter((m) => m.text?.includes(link))).toHaveLength(1);
    expect((await v.console.incidents.list({ status: "resolved" })).items.map((i) => i.id)).toEqual([incident.id]);
    expect((await v.console.incidents.list({ status: "open" })).items).toEqual([]);
  });

  it("N failures within a window: below the threshold nothing opens; at it, one incident for the rule's scope", async () => {
    const v = await vendorWithChannels();
    await v.console.alerts.createRule({ name: "Three failures", condition: "failure_count", threshold: 3, windowMinutes: 10, channelIds: [] });
    await failOnce(v.console, v.instance.id);
    await failOnce(v.console, v.instance.id);
    await evaluateOrganizationAlerts(v.organization.id);
    expect((await v.console.incidents.list({})).items).toEqual([]);

    await failOnce(v.console, v.instance.id);
    await evaluateOrganizationAlerts(v.organization.id);
    const [incident] = (await v.console.incidents.list({ status: "open" })).items;
    expect(incident.title).toBe("3 failed executions in 10 minutes (all integrations)");
    expect(await notificationsOf(incident.id)).toEqual([]);
  });

  it("a webhook the vendor refuses is retried with backoff until it is delivered, and the attempts show on the incident", async () => {
    const v = await vendorWithChannels();
    await v.console.alerts.createRule({ name: "Failures to the webhook", condition: "execution_failed", channelIds: [v.channelIds[1]] });
    refuseNext = 1;
    await failOnce(v.console, v.instance.id);
    await evaluateOrganizationAlerts(v.organization.id);
    const [incident] = (await v.console.incidents.list({ status: "open" })).items;
    await waitFor(async () => (await notificationsOf(incident.id))[0]?.status === "sent", "the retried webhook", 60_000);
    const [notification] = (await v.console.incidents.get({ id: incident.id })).notifications;
    expect(notification).toMatchObject({ channelKind: "webhook", status: "sent", attempts: 2, lastError: null });
    const attempts = deliveriesAbout(incident.id);
    expect(attempts).toHaveLength(2);
    // Standard Webhooks: the id stays the same across retries, so receivers can deduplicate.
    expect(attempts[0].headers["webhook-id"]).toBe(attempts[1].headers["webhook-id"]);
  });

  it("a snoozed incident's rule and subject notify nobody when they open again within the snooze", async () => {
    const v = await vendorWithChannels();
    await v.console.alerts.createRule({ name: "Snoozable", condition: "execution_failed", channelIds: [v.channelIds[0]] });
    await failOnce(v.console, v.instance.id);
    await evaluateOrganizationAlerts(v.organization.id);
    const [first] = (await v.console.incidents.list({ status: "open" })).items;
    const snoozed = await v.console.incidents.snooze({ id: first.id, hours: 4 });
    expect(snoozed.snoozedUntil!.getTime()).toBeGreaterThan(Date.now() + 3.9 * 3600_000);

    await db().execution.updateMany({ where: { instanceId: v.instance.id }, data: { finishedAt: new Date(Date.now() - 20 * 60_000) } });
    await evaluateOrganizationAlerts(v.organization.id);
    await failOnce(v.console, v.instance.id);
    await evaluateOrganizationAlerts(v.organization.id);
    const [again] = (await v.console.incidents.list({ status: "open" })).items;
    expect(again.id).not.toBe(first.id);
    expect(again.snoozedUntil?.getTime()).toBe(snoozed.snoozedUntil!.getTime());
    expect(await notificationsOf(again.id)).toMatchObject([{ status: "skipped", lastError: expect.stringMatching(/^snoozed until /) }]);
  });

  it("deploy failed, needs reconnecting and rejected deliveries open incidents while the state lasts", async () => {
    const v = await vendorWithChannels();
    await v.console.alerts.createRule({ name: "Deploys", condition: "deploy_failed", channelIds: [] });
    await v.console.alerts.createRule({ name: "Reconnects", condition: "connection_needs_reconnect", channelIds: [] });
    await v.console.alerts.createRule({ name: "Rejected", condition: "rejected_deliveries_spike", threshold: 3, windowMinutes: 5, channelIds: [] });
    // The states these conditions read, as the deploy settle, the token refresh and the ingest write them.
    await db().instance.update({ where: { id: v.instance.id }, data: { status: "failed", statusReason: 'the deploy flow "setup" failed: Exploded' } });
    const connection = await db().connection.create({
      data: {
        organizationId: v.organization.id,
        customerId: v.instance.customerId,
        instanceId: v.instance.id,
        key: "github",
        connector: "github",
        authKind: "oauth2",
        credentialsEncrypted: "unused",
        status: "broken",
        statusReason: "GitHub no longer accepts this connection's refresh token (invalid_grant)",
        brokenAt: new Date(),
      },
    });
    for (let i = 0; i < 3; i++) {
      await db().event.create({
        data: {
          organizationId: v.organization.id,
          instanceId: v.instance.id,
          source: "webhook",
          verdict: "rejected",
          reason: "signature does not match any configured secret",
          headers: {},
        },
      });
    }
    await evaluateOrganizationAlerts(v.organization.id);
    const titles = (await v.console.incidents.list({ status: "open" })).items.map((i) => i.title).sort();
    expect(titles).toEqual([
      expect.stringMatching(/^Deploy failed: Manual alerts-\w+ for acme-\w+$/),
      expect.stringMatching(/^Needs reconnecting: acme-\w+'s github connection \(Manual alerts-\w+\)$/),
      expect.stringMatching(/^Rejected webhook deliveries: Manual alerts-\w+ for acme-\w+$/),
    ]);

    await db().instance.update({ where: { id: v.instance.id }, data: { status: "active", statusReason: null } });
    await db().connection.update({ where: { id: connection.id }, data: { status: "active", statusReason: null, brokenAt: null } });
    await db().event.updateMany({ where: { instanceId: v.instance.id }, data: { receivedAt: new Date(Date.now() - 10 * 60_000) } });
    await evaluateOrganizationAlerts(v.organization.id);
    expect((await v.console.incidents.list({ status: "open" })).items).toEqual([]);
    expect((await v.console.incidents.list({ status: "resolved" })).items).toHaveLength(3);
  });

  it("a test message shows whether a channel works, and why not", async () => {
    const v = await vendorWithChannels();
    const [emailId, webhookId] = v.channelIds;
    expect(await v.console.alerts.testChannel({ id: emailId })).toEqual({ delivered: true, message: "Sent to On-call." });
    const test = smtp.messages.find((m) => m.text?.includes("Test notification for the channel “On-call”"));
    expect(test?.subject).toMatch(/^\[Switchyard\] Test: /);
    expect(test?.text).toContain("Alert settings: http://localhost:3999/alerts");
    // A destination the organization's network allow-list does not cover is refused before connecting.
    const unlisted = await v.console.alerts.createChannel({ kind: "webhook", name: "Internal", url: "http://10.1.2.3/hooks" });
    expect(await v.console.alerts.testChannel({ id: unlisted.channel.id })).toEqual({ delivered: false, message: expect.stringContaining("private address") });
    refuseNext = 1;
    expect(await v.console.alerts.testChannel({ id: webhookId })).toEqual({ delivered: false, message: expect.stringContaining("503") });
  });

  it("refuses rules and channels that would not work, saying which field is wrong, and keeps the SMTP password sealed", async () => {
    const v = await vendorWithChannels();
    await expect(v.console.alerts.createRule({ name: "Count of one", condition: "failure_count", threshold: 1 })).rejects.toThrow(/threshold/);
    await expect(v.console.alerts.createChannel({ kind: "slack", name: "x", channel: "#ops", botToken: "not-a-token" })).rejects.toThrow(/bot token/);
    await expect(v.console.alerts.createChannel({ kind: "email", name: "x", recipients: ["not an address"] })).rejects.toThrow(/e-mail/);
    await expect(
      v.console.alerts.saveSmtp({ host: "smtp.vendor.test", port: 587, security: "starttls", username: "someone", password: "", fromAddress: "a@vendor.test" }),
    ).rejects.toThrow(/password/);
    // The refused save lost nothing: the stored settings are as they were.
    const smtpSettings = await v.console.alerts.smtp();
    expect(smtpSettings).toMatchObject({ host: "127.0.0.1", username: "alerts", hasPassword: true });
    const row = await db().smtpSettings.findUniqueOrThrow({ where: { organizationId: v.organization.id } });
    expect(row.passwordEncrypted).not.toContain(SMTP_PASSWORD);
    const channel = await db().alertChannel.findFirstOrThrow({ where: { organizationId: v.organization.id, kind: "webhook" } });
    expect(channel.secretEncrypted).not.toContain(v.signingSecret.slice(6));
    expect((await v.console.alerts.channels()).map((c) => c.target)).toEqual(["oncall@vendor.test", `${vendor.origin}/switchyard-alerts`, "#support"]);
  });
});
