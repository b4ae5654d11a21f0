import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./helpers/console-owner";

test("an owner adds an OAuth app, generates an embed secret and allows an embed origin", async ({ page }) => {
  await signInAsOwner(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();

  // The demo seed already configured the sandbox providers; this adds the vendor's own app.
  await page.getByLabel("Provider").fill("acme");
  await page.getByLabel("Client id").fill("acme-client-globex");
  await page.getByLabel("Client secret").fill("very-secret-client-secret");
  await page.getByLabel("Authorize URL override").fill("not a url");
  await page.getByRole("button", { name: "Add OAuth app" }).click();
  await expect(page.getByText("Enter an absolute http(s) URL.")).toBeVisible();
  await page.getByLabel("Authorize URL override").fill("");
  await page.getByRole("button", { name: "Add OAuth app" }).click();
  await expect(page.getByText("acme-client-globex")).toBeVisible();
  await expect(page.getByText(/secret set/).first()).toBeVisible();
  await expect(page.getByText("very-secret-client-secret")).toHaveCount(0);

  await page.getByRole("button", { name: "Generate HS256 secret" }).click();
  await expect(page.getByText(/Copy this HS256 secret now/)).toBeVisible();

  await page.getByLabel("Allowed origins").fill("https://app.globex.test");
  await page.getByRole("button", { name: "Save embedding settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Allowed origins")).toHaveValue("https://app.globex.test");
});
