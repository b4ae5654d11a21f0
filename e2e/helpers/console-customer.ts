import { expect, type Page } from "@playwright/test";

/** Creates a customer on the console's Customers page and opens its page; answers its externalId. */
export async function createCustomerAndOpen(page: Page, name: string): Promise<string> {
  // An external id keeps to letters, digits and a few marks (no spaces).
  const externalId = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}`;
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Customers" }).click();
  await page.getByLabel("Your id for them (externalId)").fill(externalId);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create customer" }).click();
  await page.getByRole("link", { name: new RegExp(externalId) }).click();
  return externalId;
}

/** From the customer's page: Deploy integration, choose one, and open its wizard at step 1; answers the wizard. */
export async function startDeployWizard(page: Page, integration: RegExp) {
  await page.getByRole("link", { name: "Deploy integration" }).click();
  await page.getByRole("radio", { name: integration }).check();
  await page.getByRole("button", { name: "Continue to setup" }).click();
  const wizard = page.getByTestId("wizard");
  await expect(page.getByTestId("wizard-step")).toHaveText("Step 1 of 3");
  return wizard;
}
