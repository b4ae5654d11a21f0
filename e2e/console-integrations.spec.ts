import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./helpers/console-owner";

const key = `order-sync-${Date.now().toString(36)}`;
const manifest = (startAt: string) =>
  [
    `key: ${key}`,
    "name: Order Sync",
    "description: Copies every new order into your CRM.",
    "flows:",
    "  - key: sync",
    "    trigger: { type: manual }",
    `    StartAt: ${startAt}`,
    "    States:",
    "      Copy: { Type: Pass, End: true }",
  ].join("\n");

test("an admin fixes a manifest error at its line, publishes, and previews the marketplace card", async ({ page }) => {
  await signInAsOwner(page);

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Integrations" }).click();
  await page.getByRole("link", { name: "New integration" }).click();
  const editor = page.getByLabel("Manifest");
  await editor.fill(manifest("Cpoy"));
  await page.getByRole("button", { name: "Save draft" }).click();

  // The problem is listed at its line:column and marked in the gutter.
  const errors = page.getByTestId("manifest-errors");
  await expect(errors).toContainText('line 7:14 flows[0].StartAt — no state named "Cpoy"');
  await expect(page.getByTestId("gutter-line-7")).toHaveAttribute("data-error", "true");
  // Choosing the problem selects its line in the editor.
  await errors.getByRole("button", { name: /line 7:14/ }).click();
  await expect(editor).toBeFocused();
  expect(await editor.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe("Cpoy");

  await editor.fill(manifest("Copy"));
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/integrations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Order Sync", level: 1 })).toBeVisible();

  await page.getByRole("button", { name: "Publish v1" }).click();
  await expect(page.getByRole("cell", { name: "published" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish v1" })).toHaveCount(0);

  await page.getByLabel("Listed in the marketplace").check();
  await page.getByLabel("Category").fill("Commerce");
  await page.getByRole("button", { name: "Save listing" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  const card = page.getByTestId("marketplace-card");
  await expect(card.getByRole("heading", { name: "Order Sync" })).toBeVisible();
  await expect(card).toContainText("Commerce");
  await expect(card).toContainText("Copies every new order into your CRM.");
  await expect(page.getByText("Preview (listed)")).toBeVisible();

  // The list shows it listed and published after a reload.
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Integrations" }).click();
  const row = page.getByRole("link", { name: /Order Sync/ });
  await expect(row).toContainText("listed");
  await expect(row).toContainText("published");
});
