/**
 * An owner adds a customer's GitHub account from a personal access token on the customer's page
 * (the sandbox GitHub mints the token and checks it, as GitHub would), sees a wrong token refused
 * with the provider's reason and nothing saved, and forgets the connection again.
 */
import { expect, test } from "@playwright/test";
import { createCustomerAndOpen } from "./helpers/console-customer";
import { signInAsOwner } from "./helpers/console-owner";

const appUrl = `http://localhost:${Number(process.env.E2E_PORT ?? 3210)}`;

test("an owner connects a customer's GitHub account with a token, and forgets it", async ({ page, context }) => {
  await signInAsOwner(page);
  await createCustomerAndOpen(page, "Globex");
  await expect(page.getByText("No connections yet")).toBeVisible();

  // The sandbox GitHub's "Personal access tokens" page mints a token for its demo account.
  const github = await context.newPage();
  await github.goto(`${appUrl}/sandbox/github`);
  await github.getByRole("button", { name: "Generate token" }).click();
  const token = (await github.getByTestId("sandbox-token").locator("code").textContent())!.trim();
  await github.close();

  await page.getByRole("button", { name: "Add a connection" }).click();
  const form = page.getByRole("form", { name: "Add a connection" });
  await form.getByLabel("Connector").selectOption({ label: "GitHub" });
  await form.getByLabel("API URL").fill(`${appUrl}/sandbox/github/api`);
  const tokenField = form.getByLabel("Personal access token");
  await expect(tokenField).toHaveAttribute("type", "password");

  // A wrong token: the provider's refusal is shown, the form keeps what was typed, nothing is saved.
  await tokenField.fill("ghp_not-a-real-token");
  await form.getByRole("button", { name: "Save connection" }).click();
  await expect(form.getByRole("alert")).toContainText(/GitHub|token|401|credentials/i);
  await expect(tokenField).toHaveValue("ghp_not-a-real-token");
  await expect(page.getByText("No connections yet")).toBeVisible();

  await tokenField.fill(token);
  await form.getByRole("button", { name: "Save connection" }).click();
  const rows = page.getByTestId("customer-connections").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("octo-demo");
  await expect(rows.first()).toContainText("github · github");
  await expect(rows.first()).toContainText("active");
  await expect(rows.first()).toContainText("no instance yet");
  expect(await page.content()).not.toContain(token);

  page.once("dialog", (dialog) => void dialog.accept());
  await rows.first().getByRole("button", { name: "Forget" }).click();
  await expect(page.getByText("No connections yet")).toBeVisible();
});
