/**
 * An owner sets up alerting in the console — a Slack channel (the sandbox Slack), a signed webhook
 * whose secret is shown once, and a rule for connections that need reconnecting — then a
 * customer's GitHub connection stops working: the incident opens, Slack hears of it once, the
 * owner snoozes it, reconnects the connection from the instance page, and the incident resolves.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { owner, signInAsOwner } from "./helpers/console-owner";
import { runReconnectSeed } from "./helpers/reconnect";

const port = Number(process.env.E2E_PORT ?? 3210);
const appUrl = `http://localhost:${port}`;

test("alert rules, channels and incidents, and reconnecting from the console", async ({ page, context }) => {
  test.setTimeout(150_000);
  await signInAsOwner(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();

  // A Slack channel: the sandbox Slack stands in for the app's "Bot User OAuth Token".
  const slackToken = ((await (await page.request.post(`${appUrl}/sandbox/slack/tokens`, { data: {} })).json()) as { token: string }).token;
  const channelForm = page.getByRole("form", { name: "New alert channel" });
  await channelForm.getByLabel("Channel kind").selectOption("slack");
  await channelForm.getByLabel("Channel name").fill("Support in Slack");
  await channelForm.getByLabel("Slack channel").fill("#support");
  await channelForm.getByLabel("Slack bot token").fill("not-a-token");
  await channelForm.getByLabel("Slack API base URL").fill(`${appUrl}/sandbox/slack/api`);
  await channelForm.getByRole("button", { name: "Add channel" }).click();
  await expect(channelForm.getByRole("alert")).toContainText("Slack bot token");
  await channelForm.getByLabel("Slack bot token").fill(slackToken);
  await channelForm.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByTestId("alert-channels")).toContainText("Support in Slack");
  expect(await page.content()).not.toContain(slackToken);
  // "Send a test" proves the channel works before an incident needs it.
  await page.getByTestId("alert-channels").getByRole("listitem").filter({ hasText: "Support in Slack" }).getByRole("button", { name: "Send a test" }).click();
  await expect(page.getByTestId("channel-test-result")).toHaveText("Sent to Support in Slack.");

  // A webhook channel: its signing secret is shown once.
  await channelForm.getByLabel("Channel kind").selectOption("webhook");
  await channelForm.getByLabel("Channel name").fill("Ops webhook");
  await channelForm.getByLabel("Webhook URL").fill("https://ops.globex.test/switchyard");
  await channelForm.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByTestId("signing-secret-value")).toHaveText(/^whsec_[A-Za-z0-9+/=]{44}$/);
  await page.getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByTestId("signing-secret")).toHaveCount(0);

  const ruleForm = page.getByRole("form", { name: "New alert rule" });
  await ruleForm.getByLabel("Rule name").fill("Customers must reconnect");
  await ruleForm.getByLabel("Condition").selectOption({ label: "A connection needs reconnecting" });
  await ruleForm.getByLabel("Support in Slack").check();
  await ruleForm.getByRole("button", { name: "Add rule" }).click();
  const rules = page.getByTestId("alert-rules");
  await expect(rules).toContainText("Customers must reconnect");
  await expect(rules).toContainText("Notifies: Support in Slack (slack)");

  // A customer's GitHub connection is refused its refresh; the worker parks its run; the rule is evaluated.
  const customer = `Initech ${randomBytes(2).toString("hex")}`;
  const seeded = await runReconnectSeed(port, {
    memberEmail: owner.email,
    customerExternalId: customer.toLowerCase().replace(/\s+/g, "-"),
    customerName: customer,
    sandboxUrl: appUrl,
    evaluateAlerts: true,
  });

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Incidents" }).click();
  const incident = page.getByTestId("incidents").getByRole("link").filter({ hasText: customer });
  await expect(incident).toContainText(`Needs reconnecting: ${customer}'s github connection (GitHub profile check)`);
  await expect(incident).toContainText("invalid_grant");
  await expect(incident.getByTestId("incident-status")).toHaveText("open");
  if (process.env.CAPTURE_SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/console-incidents.png" });

  await incident.click();
  await expect(page.getByTestId("incident-title")).toHaveText(`Needs reconnecting: ${customer}'s github connection (GitHub profile check)`);
  // One Slack message, with the link to this page.
  const notifications = page.getByTestId("incident-notifications");
  await expect(notifications).toContainText("Support in Slack");
  await expect(notifications).toContainText("sent", { timeout: 30_000 });
  const history = (await (
    await page.request.get(`${appUrl}/sandbox/slack/api/conversations.history?channel=C0SUPPORT1&limit=50`, {
      headers: { authorization: `Bearer ${slackToken}` },
    })
  ).json()) as { messages: { text: string }[] };
  expect(history.messages.filter((m) => m.text.includes(page.url()))).toHaveLength(1);

  await page.getByRole("button", { name: "Snooze 1 hour" }).click();
  await expect(page.getByTestId("snooze-state")).toContainText("Snoozed until");
  await expect(page.getByTestId("incident-status")).toHaveText("snoozed");

  // Reconnect from the instance page, acting for the customer in the sandbox GitHub's consent popup.
  await page.getByRole("link", { name: "The instance" }).click();
  const needs = page.getByTestId("needs-reconnect-github");
  await expect(needs).toContainText("Needs reconnecting");
  const popupOpened = context.waitForEvent("page");
  await needs.getByRole("button", { name: "Reconnect" }).click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent("close", { timeout: 60_000 });
  await popup.getByRole("button", { name: /Approve|Authorize|Allow/ }).click();
  await closed;
  await expect(page.getByTestId("needs-reconnect-github")).toHaveCount(0);
  await expect(page.getByText(/connected as \S+/)).toBeVisible();

  // The parked run went on; the next evaluation resolves the incident.
  await page.goto(`/executions/${seeded.executionId}`);
  await expect(page.getByText("succeeded").first()).toBeVisible({ timeout: 30_000 });
  await runReconnectSeed(port, { memberEmail: owner.email, evaluateOnly: true });
  await page.goto("/incidents");
  await page.getByRole("tab", { name: "Past" }).click();
  await expect(page.getByTestId("incidents").getByRole("link").filter({ hasText: customer }).getByTestId("incident-status")).toHaveText("resolved");
});
