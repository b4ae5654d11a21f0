import { expect, type Page } from "@playwright/test";

/**
 * Independent of run order: on a fresh data directory it sets the owner up through the UI (as
 * console-auth.spec.ts does, with the same owner, so any spec may run first); otherwise it
 * signs in as that owner.
 */
export const owner = { organization: "Globex Corporation", name: "Hank Scorpio", email: "hank@globex.test", password: "volcano-lair-2026" };

export async function signInAsOwner(page: Page) {
  await page.goto("/");
  await page.waitForURL(/\/(setup|login)?$/);
  if (page.url().endsWith("/setup")) {
    await page.getByLabel("Organization name").fill(owner.organization);
    await page.getByLabel("Your name").fill(owner.name);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Create organization" }).click();
  } else if (page.url().endsWith("/login")) {
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  // The first set-up also seeds the demo (sandbox OAuth apps, example integrations): slow on a busy machine.
  await expect(page.getByTestId("signed-in-as")).toContainText(owner.email, { timeout: 45_000 });
}
