import type { Page } from "@playwright/test";

/** Creates an API key on the console's Settings page (shown once) and answers it. */
export async function createApiKey(page: Page, name: string): Promise<string> {
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Key name").fill(`${name} ${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("new-api-key").textContent())!.trim();
}
