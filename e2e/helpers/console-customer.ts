import { expect, type Page } from "@playwright/test";

/** Creates a customer on the console's Customers page and opens its page; answers its externalId. */
export async function createCustomerAndOpen(page: Page, name: string): Promise<string> {
  const externalId = `${name.toLowerCase()}-${Date.now().toString(36)}`;
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Customers" }).click();
  await page.getByLabel("Your id for them (externalId)").fill(externalId);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create customer" }).click();
  await page.getByRole("link", { name: new RegExp(externalId) }).click();
  return externalId;
}

/** Connects an account in the wizard through the sandbox provider's consent popup. */
export async function connectInPopup(page: Page, name: string): Promise<void> {
  const popup = page.waitForEvent("popup");
  await page.getByRole("button", { name: `Connect ${name}` }).click();
  const consent = await popup;
  await consent.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId(`connection-${name.toLowerCase()}`)).toContainText("Connected as");
}
