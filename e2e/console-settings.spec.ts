import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./helpers/console-owner";

test("an owner is told what an OAuth app can be for, generates an embed secret and allows an embed origin", async ({ page }) => {
  await signInAsOwner(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();

  // The demo seed configured an app for every connector that signs in with OAuth (the sandbox providers).
  await expect(page.getByText(/secret set/)).toHaveCount(3);
  await page.getByLabel("Provider").fill("acme");
  await page.getByLabel("Client id").fill("acme-client-globex");
  await page.getByLabel("Client secret").fill("very-secret-client-secret");
  await page.getByLabel("Authorize URL override").fill("not a url");
  await page.getByRole("button", { name: "Add OAuth app" }).click();
  await expect(page.getByText("Authorize URL: Enter an absolute http(s) URL.")).toBeVisible();
  await page.getByLabel("Authorize URL override").fill("");
  await page.getByRole("button", { name: "Add OAuth app" }).click();
  // Acme connects with an API key: no OAuth app to set up, and the answer says which connectors can have one.
  await expect(page.getByText("Acme does not sign in with OAuth (its connections are made from credentials), so it needs no OAuth app.")).toBeVisible();
  await page.getByLabel("Provider").fill("github");
  await page.getByRole("button", { name: "Add OAuth app" }).click();
  await expect(page.getByText("There is already an OAuth app for github; edit it instead.")).toBeVisible();
  await expect(page.getByText("acme-client-globex")).toHaveCount(0);
  await expect(page.getByText("very-secret-client-secret")).toHaveCount(0);

  await page.getByRole("button", { name: "Generate HS256 secret" }).click();
  await expect(page.getByText(/Copy this HS256 secret now/)).toBeVisible();

  await page.getByLabel("Allowed origins").fill("https://app.globex.test");
  await page.getByRole("button", { name: "Save embedding settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Allowed origins")).toHaveValue("https://app.globex.test");
});

test("an owner creates an API key a backend can use, and revoking it (asked first) locks the backend out", async ({ page }) => {
  await signInAsOwner(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();

  await page.getByLabel("Key name").fill("Billing backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^sy_live_/);
  const asBackend = () => page.request.get("/api/v1/integrations", { headers: { authorization: `Bearer ${key}` } });
  expect((await asBackend()).status()).toBe(200);

  // Shown once: after a reload only its prefix is listed.
  await page.reload();
  const row = page.locator("li", { hasText: "Billing backend" });
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(key);

  // Revoke asks first; Cancel keeps the key working.
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText('Revoke the key "Billing backend"?');
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  expect((await asBackend()).status()).toBe(200);

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("revoked");
  const refused = await asBackend();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("revoked") });
});
