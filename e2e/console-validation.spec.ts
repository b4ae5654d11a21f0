/**
 * Bad input in the console is answered with a sentence per field, never zod's issue list; an
 * address that names nothing (a malformed id, a record that is not there) is the console's
 * not-found page, at once.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signInAsOwner } from "./helpers/console-owner";

/** What a raw validation answer would leak: JSON brackets, zod's codes, a regular expression. */
const RAW = /[[\]{}]|"code"|invalid_|pattern|regex|\^\[/;

async function openSettings(page: Page) {
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();
}

test("adding a member with a bad email says so in a sentence at the field", async ({ page }) => {
  await signInAsOwner(page);
  await openSettings(page);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add member" }) });
  await form.getByLabel("Name").fill("Ann Example");
  // The browser's own check lets "ann@example" through; the server's does not.
  await form.getByLabel("Email").fill("ann@example");
  await form.getByLabel("Initial password (12+ characters)").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Add member" }).click();
  const alert = form.getByRole("alert");
  await expect(alert).toHaveText("Email: Enter a valid email address.");
  await expect(alert).not.toContainText(RAW);
  await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("a customer id with spaces is refused with the rule, and the OAuth app form refuses a provider that does not exist", async ({ page }) => {
  await signInAsOwner(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Customers" }).click();
  await page.getByLabel("Your id for them (externalId)").fill("Acme Corp (EU)");
  await page.getByRole("button", { name: "Create customer" }).click();
  const alert = page.locator("section", { hasText: "New customer" }).getByRole("alert");
  await expect(alert).toContainText("External id: Use 1 to 200 letters, digits or . _ - : @ + | (no spaces), e.g. acme-42.");
  await expect(alert).not.toContainText(RAW);
  await expect(page.getByLabel("Your id for them (externalId)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("link", { name: /Acme Corp \(EU\)/ })).toHaveCount(0);

  await openSettings(page);
  await page.getByLabel("Provider").fill("githib");
  await page.getByLabel("Client id").fill("some-client");
  await page.getByRole("button", { name: "Add OAuth app" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "githib" });
  await expect(refusal).toContainText(
    'There is no connector "githib"; did you mean "github"? OAuth apps can be set up for github, zendesk, slack, salesforce, acme.',
  );
  await expect(page.getByLabel("Provider")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("some-client")).toHaveCount(0);
});

test("a malformed or unknown id in the address is the console's not-found page, asked for once", async ({ page }) => {
  await signInAsOwner(page);
  for (const path of ["/instances/not-a-uuid", "/executions/garbage", "/integrations/garbage", "/customers/123"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByTestId("not-found")).not.toContainText(RAW);
    // Inside the console: its navigation stays, with ways back.
    await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
    await expect(page.getByTestId("not-found").getByRole("link", { name: "Customers" })).toBeVisible();
  }

  // A well-formed id of nothing: the page asks once (no retry of a not-found answer) and says so.
  const asked: string[] = [];
  page.on("request", (request) => request.url().includes("/api/trpc/") && request.url().includes("instances.overview") && asked.push(request.url()));
  await page.goto(`/instances/${randomUUID()}`);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect(asked).toHaveLength(1);

  // An address the app does not serve at all: the branded page, with the way to the console.
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the console" }).click();
  await expect(page.getByTestId("organization-name")).toBeVisible();
});
