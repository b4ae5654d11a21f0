/**
 * The wizard's problems follow what the person fixes: a "connect your account" goes once the
 * account is connected (here with tokens, in the console's wizard), and a field's problem goes
 * once the field is changed, without pressing Next again.
 */
import { expect, test, type Page } from "@playwright/test";
import { createCustomerAndOpen, startDeployWizard } from "./helpers/console-customer";
import { signInAsOwner } from "./helpers/console-owner";

async function sandboxToken(page: Page, provider: "github" | "slack"): Promise<string> {
  const answer = await page.request.post(`/sandbox/${provider}/tokens`, { data: provider === "github" ? { login: "octo-demo" } : {} });
  expect(answer.ok()).toBe(true);
  return (await answer.json()).token;
}

async function connectWithToken(page: Page, key: "github" | "slack", label: RegExp, token: string) {
  const card = page.getByTestId(`connection-${key}`);
  await card.getByRole("button", { name: "Use a token instead" }).click();
  const form = page.getByRole("form", { name: label });
  await form.getByRole("textbox").last().fill(token);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toHaveCount(0);
  return card;
}

test("problems in the console wizard go away as they are fixed, not at the next Next", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsOwner(page);
  await createCustomerAndOpen(page, "Wernham Hogg");
  const wizard = await startDeployWizard(page, /GitHub → Slack/);
  await wizard.getByRole("button", { name: "Next" }).click();
  const github = page.getByTestId("connection-github");
  const slack = page.getByTestId("connection-slack");
  await expect(github.getByRole("alert")).toHaveText("connect your GitHub account");
  await expect(slack.getByRole("alert")).toHaveText("connect your Slack account");

  // Connected: its card says so, and only so; the other one still asks.
  await connectWithToken(page, "github", /GitHub token/, await sandboxToken(page, "github"));
  await expect(github.getByTestId("connected-account")).toContainText("Connected as octo-demo");
  await expect(github.getByRole("alert")).toHaveCount(0);
  await expect(slack.getByRole("alert")).toHaveText("connect your Slack account");

  // Saving a token is not the wizard's Next: no page is submitted with it (the token form's Save
  // once reached the wizard's form too, and moved it on whenever the token was saved first).
  const pageSaves: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("wizard.savePage")) pageSaves.push(request.url());
  });
  await connectWithToken(page, "slack", /Slack token/, await sandboxToken(page, "slack"));
  expect(pageSaves).toEqual([]);
  await expect(slack.getByTestId("connected-account")).toContainText("Connected as");
  await expect(slack.getByRole("alert")).toHaveCount(0);
  await expect(page.getByTestId("wizard-step")).toHaveText("Step 1 of 3");

  // A field's problem goes as soon as the field is changed.
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(page.getByTestId("wizard-step")).toHaveText("Step 2 of 3");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText("Repository is required")).toBeVisible();
  await page.getByTestId("data-source-repo").getByRole("combobox").selectOption("acme/webapp");
  await expect(wizard.getByText("Repository is required")).toHaveCount(0);
  await expect(wizard.getByText("Slack channel is required")).toBeVisible();
});
