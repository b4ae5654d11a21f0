/**
 * Removing an instance from its console page when its remove flows finish before the page asks
 * for the instance again (a busy browser or network): the page must still end on "removed", never
 * keep showing the instance as it was before the removal.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createApiKey } from "./helpers/console-api-key";
import { signInAsOwner } from "./helpers/console-owner";

const appUrl = `http://localhost:${Number(process.env.E2E_PORT ?? 3210)}`;

/** GitHub → Slack deployed for a new customer through the REST API (as the README's headless script does); answers the instance id. */
async function deployGithubSlack(request: APIRequestContext, key: string): Promise<string> {
  const headers = { authorization: `Bearer ${key}` };
  const ok = async (answer: Promise<import("@playwright/test").APIResponse>) => {
    const response = await answer;
    expect(response.ok(), await response.text()).toBe(true);
    return response.json();
  };
  const externalId = `removal-${Date.now().toString(36)}`;
  const customer = await ok(request.post("/api/v1/customers", { headers, data: { externalId, name: "Vandelay Industries" } }));
  const githubToken = (await ok(request.post("/sandbox/github/tokens", { data: { login: "octo-demo" } }))).token;
  const slackToken = (await ok(request.post("/sandbox/slack/tokens", { data: {} }))).token;
  const github = await ok(
    request.post(`/api/v1/customers/${customer.id}/connections`, {
      headers,
      data: { connector: "github", method: "personalAccessToken", credentials: { token: githubToken }, baseUrl: `${appUrl}/sandbox/github/api` },
    }),
  );
  const slack = await ok(
    request.post(`/api/v1/customers/${customer.id}/connections`, {
      headers,
      data: { connector: "slack", method: "botToken", credentials: { token: slackToken }, baseUrl: `${appUrl}/sandbox/slack/api` },
    }),
  );
  const instance = await ok(
    request.post("/api/v1/instances", {
      headers,
      data: {
        integrationKey: "github-slack",
        customerExternalId: externalId,
        config: { repo: "acme/webapp", channel: "C0GENERAL1", webhookSecret: "removal-test-secret-0123456789" },
        connections: { github: github.id, slack: slack.id },
      },
    }),
  );
  await expect.poll(async () => (await ok(request.get(`/api/v1/instances/${instance.id}`, { headers }))).status, { timeout: 30_000 }).toBe("active");
  return instance.id;
}

test("an instance whose remove flows finish before the page looks again is shown as removed", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsOwner(page);
  const key = await createApiKey(page, "Removal test");
  const instanceId = await deployGithubSlack(page.request, key);

  await page.goto(`/instances/${instanceId}`);
  await expect(page.getByTestId("instance-status")).toHaveText("active");

  // From the confirmation on, the page's next look at the instance is held until the removal has
  // finished on the server: the page never sees it `removing`.
  let holding = false;
  await page.route(/\/api\/trpc\/[^?]*instances\.overview/, async (route) => {
    if (!holding) return route.continue();
    await expect
      .poll(async () => (await page.request.get(`/api/v1/instances/${instanceId}`, { headers: { authorization: `Bearer ${key}` } })).status(), {
        timeout: 30_000,
      })
      .toBe(404);
    await route.continue();
  });
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  holding = true;
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove instance" }).click();

  await expect(page.getByRole("heading", { name: "GitHub → Slack removed" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("instance-status")).toHaveCount(0);
});
