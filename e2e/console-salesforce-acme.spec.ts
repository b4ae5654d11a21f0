/**
 * The vendor's team deploys Salesforce ↔ Acme for a customer from the console (both accounts
 * connected through the sandbox consent popups); the deploy registers outbound messages in the
 * sandbox org; an account a person creates on the sandbox Salesforce page travels as an outbound
 * message, is acknowledged, appears on the sandbox Acme page and gets its Acme id back in Salesforce.
 */
import { expect, test } from "@playwright/test";
import { connectInPopup, createCustomerAndOpen, startDeployWizard } from "./helpers/console-customer";
import { signInAsOwner } from "./helpers/console-owner";

test("an owner deploys Salesforce ↔ Acme; an account made in the sandbox Salesforce reaches Acme, acknowledged, and is linked both ways", async ({ page }) => {
  // Two consents, a five-step deploy flow and a round trip through two sandboxes on a shared machine.
  test.setTimeout(180_000);
  await signInAsOwner(page);
  await createCustomerAndOpen(page, "Umbrella");
  const wizard = await startDeployWizard(page, /Salesforce ↔ Acme/);
  await connectInPopup(page, "Salesforce");
  await connectInPopup(page, "Acme");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Generate" }).click();
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Deploy" }).click();
  await page.waitForURL(/\/instances\/[0-9a-f-]+$/, { timeout: 30_000 });
  await expect(page.getByTestId("instance-status")).toHaveText("active", { timeout: 60_000 });
  const instanceUrl = page.url();

  // The deploy flow made the outbound messages in the sandbox org.
  await page.goto("/sandbox/salesforce");
  await expect(page.getByTestId("salesforce-outbound-messages")).toContainText("Account.Acme_Accounts_");
  await expect(page.getByTestId("salesforce-outbound-messages")).toContainText("Opportunity.Acme_Opportunities_");

  const name = `Umbrella Corporation ${Date.now().toString(36)}`;
  const form = page.getByTestId("salesforce-account-form");
  await form.getByLabel("Account Name").fill(name);
  await form.getByLabel("Industry").selectOption("Biotechnology");
  await form.getByRole("button", { name: "New Account" }).click();
  await expect(page.getByTestId("salesforce-accounts")).toContainText(name);

  // Salesforce posts the outbound message; the flow creates the account in Acme.
  await expect(async () => {
    await page.goto("/sandbox/acme");
    await expect(page.getByTestId("acme-accounts").getByRole("listitem").filter({ hasText: name })).toContainText("Salesforce 001", { timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  // And writes the Acme id back to Salesforce.
  await expect(async () => {
    await page.goto("/sandbox/salesforce");
    await expect(page.getByTestId("salesforce-accounts").getByRole("listitem").filter({ hasText: name })).toContainText("Acme acc_", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  // The deliveries page shows the message acknowledged.
  await page.goto("/sandbox/deliveries");
  await expect(page.getByTestId("outbound-queue")).toContainText("acknowledged");
  const sent = page
    .getByTestId("deliveries")
    .locator("details")
    .filter({ hasText: /outbound message Acme_Accounts_/ })
    .first();
  await expect(sent).toContainText("200");

  // The instance page shows the Salesforce endpoints verified by those messages.
  await page.goto(instanceUrl);
  await expect(page.locator('[data-testid="endpoint-status"][data-flow="accountsFromSalesforce"]').getByTestId("endpoint-verification")).toHaveText("verified");
  await expect(page.locator('[data-testid="endpoint-status"][data-flow="opportunitiesFromAcme"]').getByTestId("endpoint-verification")).toHaveText(
    "unverified",
  );
});
