/**
 * An admin writes an integration in the console's manifest editor (CodeMirror): problems are
 * checked as they type, underlined and listed at their line:column, an unknown connector action
 * is refused with what was meant; then Save draft, publish with release notes (asked first), a
 * second draft that the versions table shows at once, and the diff between the two.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createApiKey } from "./helpers/console-api-key";
import { signInAsOwner } from "./helpers/console-owner";

const manifest = (key: string, startAt: string, description = "Copies every new order into your CRM.") =>
  [
    `key: ${key}`,
    "name: Order Sync",
    `description: ${description}`,
    "flows:",
    "  - key: sync",
    "    trigger: { type: manual }",
    `    StartAt: ${startAt}`,
    "    States:",
    "      Copy: { Type: Pass, End: true }",
  ].join("\n");

/** A manifest that calls Zendesk with a misspelt action. */
const withZendeskTypo = (key: string) =>
  [
    `key: ${key}`,
    "name: Order Sync",
    "connections: { zendesk: { connector: zendesk } }",
    "flows:",
    "  - key: sync",
    "    trigger: { type: manual }",
    "    StartAt: Note",
    "    States:",
    "      Note: { Type: Action, Action: zendesk.addComent, Connection: zendesk, Parameters: { ticketId: 1, body: hi }, End: true }",
  ].join("\n");

const newKey = (name: string) => `${name}-${Date.now().toString(36)}`;

/** New integration → the manifest → Save draft; answers on the integration's page. */
async function saveNewIntegration(page: Page, text: string) {
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Integrations" }).click();
  await page.getByRole("link", { name: "New integration" }).click();
  const editor = page.getByRole("textbox", { name: "Manifest" });
  await replaceText(page, editor, text);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/integrations\/[0-9a-f-]{36}$/);
  return editor;
}

/** Replaces the editor's whole text, as a person would: select all, type the new text. */
async function replaceText(page: Page, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  // insertText keeps the lines as they are (typing would let the editor auto-indent them).
  await page.keyboard.insertText(text);
}

test("the manifest editor marks problems at their place and refuses an action the connector does not have", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAsOwner(page);
  const key = newKey("order-sync");

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Integrations" }).click();
  await page.getByRole("link", { name: "New integration" }).click();
  const editor = page.getByRole("textbox", { name: "Manifest" });
  await replaceText(page, editor, manifest(key, "Cpoy"));

  // Checked while typing: listed at its line:column, underlined in the text, marked in the gutter.
  const errors = page.getByTestId("manifest-errors");
  await expect(errors).toContainText('line 7:14 flows[0].StartAt — no state named "Cpoy"');
  await expect(errors).toContainText("1 problem in the manifest");
  await expect(page.locator(".cm-lintRange-error")).toHaveText("Cpoy");
  await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error")).toHaveCount(1);
  // Choosing the problem puts the cursor on it.
  await errors.getByRole("button", { name: /line 7:14/ }).click();
  await expect(editor).toBeFocused();
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe("Cpoy");

  // An action Zendesk does not have is refused before anything is saved, with the one meant.
  await replaceText(page, editor, withZendeskTypo(key));
  await expect(errors).toContainText('flows[0].States.Note.Action — connector "zendesk" has no action "addComent"; did you mean "addComment"?');
  await expect(errors).toContainText("line 9:37");
  await expect(page.getByText("No problems found.")).toHaveCount(0);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(errors).toContainText("addComent");
  await expect(page).toHaveURL(/\/integrations\/new$/);

  // A real manifest (the GitHub → Slack example) with three slips: all listed, each at its place.
  const example = readFileSync("examples/github-slack/manifest.yaml", "utf8")
    .replace("key: github-slack", `key: ${key}`)
    .replace("source: listRepos", "source: listRepo")
    .replace("Action: slack.postMessage", "Action: slack.postMesage")
    .replace("    trigger: { type: instance.remove }\n    StartAt: ReadRepoWebhook", "    trigger: { type: instance.remove }\n    StartAt: ReadRepoWebhok");
  await replaceText(page, editor, example);
  await expect(errors).toContainText("3 problems in the manifest");
  await expect(errors).toContainText('connector "github" has no data source "listRepo"; did you mean "listRepos"?');
  await expect(errors).toContainText('no state named "ReadRepoWebhok"; did you mean "ReadRepoWebhook"?');
  await expect(errors).toContainText('connector "slack" has no action "postMesage"; did you mean "postMessage"?');
  await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error")).not.toHaveCount(0);
  await errors.getByRole("button", { name: /ReadRepoWebhok/ }).click();
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe("ReadRepoWebhok");
  if (process.env.CAPTURE_SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/console-manifest-editor-error.png" });

  await replaceText(page, editor, manifest(key, "Copy"));
  await expect(page.getByText("No problems found.")).toBeVisible();
  await expect(page.locator(".cm-lintRange-error")).toHaveCount(0);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/integrations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Order Sync", level: 1 })).toBeVisible();
});

test("a draft saved from the integration's page is listed with its Publish button at once", async ({ page }) => {
  await signInAsOwner(page);
  const apiKey = await createApiKey(page, "Draft test");
  const key = newKey("refund-sync");
  // Version 1, pushed and published by a backend.
  const headers = { authorization: `Bearer ${apiKey}` };
  const pushed = await page.request.post("/api/v1/integrations", { headers: { ...headers, "content-type": "application/yaml" }, data: manifest(key, "Copy") });
  expect(pushed.status(), await pushed.text()).toBe(201);
  const { integration, version } = await pushed.json();
  expect((await page.request.post(`/api/v1/integrations/${integration.id}/versions/${version.id}/publish`, { headers })).status()).toBe(200);

  await page.goto(`/integrations/${integration.id}`);
  await page.getByRole("button", { name: "Edit manifest" }).click();
  const editor = page.getByRole("textbox", { name: "Manifest" });
  await expect(editor).toContainText("StartAt: Copy");
  await replaceText(page, editor, manifest(key, "Copy", "Copies every new order and refund into your CRM."));
  await page.getByRole("button", { name: "Save draft" }).click();
  // No reload: the versions table follows the save.
  await expect(page.getByRole("row", { name: /v2 draft/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish v2" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Saved as the draft v2" })).toBeVisible();
});

test("publishing asks first and takes release notes; the diff shows what changed with the lines around it", async ({ page }) => {
  await signInAsOwner(page);
  const key = newKey("invoice-sync");
  const editor = await saveNewIntegration(page, manifest(key, "Copy"));

  // Publishing asks first and takes the release notes customers will read.
  await page.getByRole("button", { name: "Publish v1" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish version 1?" });
  await expect(dialog.getByLabel("Release notes")).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "draft" })).toBeVisible();
  await page.getByRole("button", { name: "Publish v1" }).click();
  await dialog.getByLabel("Release notes").fill("First release: copies new orders.");
  await dialog.getByRole("button", { name: "Publish v1" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "published" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "First release: copies new orders." })).toBeVisible();

  await page.getByRole("button", { name: "Edit manifest" }).click();
  await replaceText(page, editor, manifest(key, "Copy", "Copies every new order and refund into your CRM."));
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("button", { name: "Publish v2" })).toBeVisible();

  // The diff shows the changed line with the lines around it, not the whole file.
  const diff = page.getByTestId("version-diff");
  await expect(page.getByTestId("diff-summary")).toHaveText("1 line added, 1 line removed");
  await expect(diff.locator('[data-kind="removed"]')).toContainText("description: Copies every new order into your CRM.");
  await expect(diff.locator('[data-kind="added"]')).toContainText("description: Copies every new order and refund into your CRM.");
  await expect(diff).toContainText(`key: ${key}`);
  await expect(diff).not.toContainText("Copy: { Type: Pass, End: true }");

  // Keyboard: Ctrl+Enter in the notes publishes.
  await page.getByRole("button", { name: "Publish v2" }).click();
  const second = page.getByRole("dialog", { name: "Publish version 2?" });
  await second.getByLabel("Release notes").fill("Refunds are copied too.");
  await second.getByLabel("Release notes").press("Control+Enter");
  await expect(page.getByRole("cell", { name: "Refunds are copied too." })).toBeVisible();

  await page.getByLabel("Listed in the marketplace").check();
  await page.getByLabel("Category").fill("Commerce");
  await page.getByRole("button", { name: "Save listing" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  const card = page.getByTestId("marketplace-card");
  await expect(card.getByRole("heading", { name: "Order Sync" })).toBeVisible();
  await expect(card).toContainText("Commerce");
  await expect(page.getByText("Preview (listed)")).toBeVisible();

  // The list shows it listed and published after a reload.
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Integrations" }).click();
  const row = page.getByRole("link", { name: /Order Sync/ }).filter({ hasText: "listed" });
  await expect(row.first()).toContainText("published");
});
