/**
 * The vendor's team deploys an integration for a customer from the console, with the same wizard
 * the marketplace shows (sandbox OAuth popups create the connections for that customer), runs it
 * from a real GitHub (sandbox) issue, reads the execution with the raw event that started it, and
 * removes the instance again.
 */
import { expect, test } from "@playwright/test";
import { connectInPopup, createCustomerAndOpen, startDeployWizard } from "./helpers/console-customer";
import { signInAsOwner } from "./helpers/console-owner";

test.describe.configure({ mode: "serial" });

test("an owner deploys GitHub → Slack for a new customer, pauses and resumes it, reads a run's raw event, and removes it", async ({ page }) => {
  // Two OAuth consents, a deploy flow calling the sandbox GitHub and a webhook run: about a minute on a shared machine.
  test.setTimeout(150_000);
  await signInAsOwner(page);
  // A new customer, then Deploy integration from their page.
  const externalId = await createCustomerAndOpen(page, "Initech");
  const wizard = await startDeployWizard(page, /GitHub → Slack/);

  // Page 1: both accounts connected through the sandbox providers' consent popups.
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByRole("alert").first()).toContainText(/connect/i);
  await connectInPopup(page, "GitHub");
  await connectInPopup(page, "Slack");
  await wizard.getByRole("button", { name: "Next" }).click();

  // Page 2: options come from the customer's own accounts; a missing choice is named.
  await expect(page.getByTestId("wizard-step")).toHaveText("Step 2 of 3");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText("Repository is required")).toBeVisible();
  await page.getByTestId("data-source-repo").getByRole("combobox").selectOption("acme/webapp");
  await page.getByTestId("data-source-channel").getByRole("combobox").selectOption({ label: "#general" });
  await wizard.getByRole("button", { name: "Generate" }).click();
  await expect(page.locator("#field-webhookSecret")).toHaveAttribute("type", "password");
  await wizard.getByRole("button", { name: "Next" }).click();

  // Review (secrets masked), Deploy, then the instance page.
  await expect(page.getByTestId("wizard-review")).toContainText("acme/webapp");
  await expect(page.getByTestId("wizard-review")).toContainText("•••••••• (set)");
  await wizard.getByRole("button", { name: "Deploy" }).click();
  await page.waitForURL(/\/instances\/[0-9a-f-]+$/, { timeout: 30_000 });
  await expect(page.getByTestId("instance-status")).toHaveText("active");
  await expect(page.getByText(/connected as/).first()).toBeVisible();

  // Pause asks first; Resume brings it back.
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Pause instance" }).click();
  await expect(page.getByTestId("instance-status")).toHaveText("paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("instance-status")).toHaveText("active");
  const instanceUrl = page.url();

  // A forged delivery is refused and listed under the endpoint, its signature redacted.
  const hookUrl = (await page.getByTestId("endpoint-url").textContent())!.trim();
  const forged = await page.request.post(hookUrl, {
    data: { action: "opened", issue: { title: "forged" } },
    headers: { "x-github-event": "issues", "x-hub-signature-256": "sha256=0000", "x-github-delivery": "forged-1" },
  });
  expect(forged.status()).toBe(401);
  // The endpoint passed verification with GitHub's ping during the deploy; the forged one is its last rejection.
  const endpoint = page.getByTestId("endpoint-status");
  await expect(async () => {
    await page.reload();
    await expect(endpoint.getByTestId("endpoint-last-rejection")).toContainText(/signature/i, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(endpoint.getByTestId("endpoint-verification")).toHaveText("verified");
  const rejected = page.getByTestId("rejected-deliveries");
  await expect(rejected).toContainText(/signature/i);
  await rejected
    .getByText(/headers and body/)
    .first()
    .click();
  await expect(rejected).toContainText("x-hub-signature-256");
  await expect(rejected).not.toContainText("sha256=0000");

  // A real issue in the sandbox GitHub triggers the flow.
  await page.goto("/sandbox/github/repos/acme/webapp");
  await page.getByLabel("Title").fill(`Printer on fire ${externalId}`);
  await page.getByRole("button", { name: "Open issue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Printer on fire ${externalId}`);

  await page.goto(instanceUrl);
  // The instance's link to its executions (followed by URL: a click racing the page's first render can be lost).
  await page.goto((await page.getByRole("link", { name: "executions", exact: true }).getAttribute("href"))!);
  const run = page.getByRole("row", { name: /newIssues/ });
  await expect(async () => {
    await page.reload();
    await expect(run).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await run.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("succeeded", { timeout: 20_000 });
  const raw = page.getByTestId("raw-event");
  await expect(raw).toContainText(`Printer on fire ${externalId}`);
  await expect(raw).toContainText("x-github-event");
  await expect(raw).toContainText("[redacted]");

  // Removing asks first, runs the remove flow (the repository webhook goes), then says so.
  await page.goto(instanceUrl);
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove instance" }).click();
  await expect(page.getByRole("heading", { name: "GitHub → Slack removed" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("link", { name: "Initech" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Initech");
});
