/**
 * A vendor's customer activates GitHub ↔ Zendesk inside the vendor's page (another origin than the
 * app): the marketplace, the wizard with the sandbox OAuth consents in popups, the deploy, then an
 * issue opened in the sandbox GitHub runs the integration and the customer follows the run in the
 * embedded logs. Once with third-party cookies allowed and once with them blocked, set as a person
 * sets them in Chromium's settings; a probe inside the frame shows which setting is in force, so the
 * blocked run proves the embed needs no cookie. Then the same wizard connects GitHub from a
 * personal access token typed into the frame instead of the sign-in window, and the first run's
 * customer reconfigures, pauses, resumes and removes the instance it activated.
 *
 * `CAPTURE_SCREENSHOTS=1` refreshes the pictures in docs/screenshots/ from the first run.
 */
import { expect as baseExpect, test, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { frameCanKeepCookie, launchWithThirdPartyCookies, type ThirdPartyCookies } from "./fixtures/cookie-policy";
import { startHostServer, type HostServer } from "./fixtures/host-server";
import { seedEmbedOrganization } from "./helpers/embed-org";
import { embedFrame as frameInPage, frameFits as frameFitsIn } from "./helpers/embed-frame";

test.describe.configure({ mode: "serial" });
// The worker runs the flows in the same server on a shared machine: wait generously.
const expect = baseExpect.configure({ timeout: 30_000 });

const port = Number(process.env.E2E_PORT ?? 3210);
const appUrl = `http://localhost:${port}`;
const kid = "e2e-activation";
const policies: ThirdPartyCookies[] = ["allowed", "blocked"];
const hosts = new Map<ThirdPartyCookies, HostServer>();
/** One issue per run (the e2e database is fresh for every suite run). */
const issueTitles: Record<ThirdPartyCookies, string> = { allowed: "Checkout fails on Safari", blocked: "Search ignores accented letters" };
let organizationId = "";

test.beforeAll(async () => {
  const vendorKey = await generateKeyPair("RS256", { extractable: true });
  // One customer per run, so each run starts from an empty marketplace.
  for (const policy of policies) {
    const customer = `cookies-${policy}`;
    const token = () =>
      new SignJWT({ customer, customerName: `Initech (third-party cookies ${policy})` })
        .setProtectedHeader({ alg: "RS256", kid })
        .setIssuer(organizationId)
        .setSubject("user-7")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(vendorKey.privateKey);
    hosts.set(policy, await startHostServer({ appUrl, token }));
  }
  ({ organizationId } = await seedEmbedOrganization(port, {
    publicKeyPem: await exportSPKI(vendorKey.publicKey),
    allowedOrigins: [...hosts.values()].map((host) => host.origin),
    kid,
    sandboxUrl: appUrl,
    examples: ["github-slack"],
  }));
});

test.afterAll(async () => {
  await Promise.all([...hosts.values()].map((host) => host.close()));
});

const embedFrame = (page: Page) => frameInPage(page, appUrl);
const frameFits = (page: Page) => frameFitsIn(page, appUrl, { timeout: 30_000 });

/** Clicks inside the frame once the element is there and the frame has stopped growing. */
async function clickInFrame(page: Page, target: Locator) {
  await target.waitFor();
  await frameFits(page);
  await target.click();
}

/**
 * Saves a picture for the README (first run only, with CAPTURE_SCREENSHOTS). The embedded frame
 * must have reported its new height first, and the viewport grows to the whole page instead of a
 * full-page capture, which can paint a cross-site frame at a stale scroll position.
 */
async function capture(page: Page, name: string, first: boolean) {
  if (!first || !process.env.CAPTURE_SCREENSHOTS) return;
  await embedFrame(page)?.evaluate(() => window.scrollTo(0, 0));
  await frameFits(page);
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  await page.setViewportSize(viewport);
}

/** Clicks Connect, approves the sandbox provider's consent in the popup, waits for the connected state. */
async function connect(page: Page, frame: FrameLocator, label: "GitHub" | "Zendesk") {
  const popupOpened = page.context().waitForEvent("page");
  await clickInFrame(page, frame.getByRole("button", { name: `Connect ${label}` }));
  const popup = await popupOpened;
  await expect(popup).toHaveURL(new RegExp(`/sandbox/${label.toLowerCase()}/`));
  // The callback page reports to the frame and closes the popup, possibly before the click returns.
  const closed = popup.waitForEvent("close", { timeout: 60_000 });
  await popup.getByRole("button", { name: /Approve|Authorize|Allow/ }).click();
  await closed;
  await expect(frame.getByTestId(`connection-${label.toLowerCase()}`).getByTestId("connected-account")).toContainText(/Connected as \S+/);
}

for (const [index, policy] of policies.entries()) {
  test(`activates GitHub ↔ Zendesk in a vendor's page and follows a run in the logs (third-party cookies ${policy})`, async ({}, testInfo) => {
    test.setTimeout(150_000);
    const first = index === 0;
    const host = hosts.get(policy)!;
    const browser = await launchWithThirdPartyCookies(policy, { launchOptions: testInfo.project.use.launchOptions, viewport: { width: 1280, height: 800 } });
    const { context } = browser;
    try {
      const page = await context.newPage();
      await page.goto(host.origin);
      const frame = page.frameLocator("#integrations iframe");
      await expect(frame.getByRole("heading", { name: "GitHub ↔ Zendesk" })).toBeVisible();

      // The setting is really in force: the app's frame on the other site may (not) keep a cookie.
      expect(await frameCanKeepCookie(embedFrame(page)!), `a cookie set inside the frame with third-party cookies ${policy}`).toBe(policy === "allowed");
      await capture(page, "embed-marketplace", first);

      // Detail page, Activate, then the wizard's Connections page with both sandbox consents.
      await clickInFrame(page, frame.getByRole("link", { name: /GitHub ↔ Zendesk/ }));
      await clickInFrame(page, frame.getByRole("button", { name: "Activate" }));
      await expect(frame.getByTestId("wizard-step")).toHaveText(/Step 1 of 3/);
      await connect(page, frame, "GitHub");
      await connect(page, frame, "Zendesk");
      await capture(page, "embed-wizard", first);

      // Repository page: the repositories come from the connected GitHub account.
      await clickInFrame(page, frame.getByRole("button", { name: "Next" }));
      await expect(frame.getByTestId("wizard-step")).toHaveText(/Step 2 of 3/);
      const repository = frame.getByTestId("data-source-repo").getByRole("combobox");
      await expect(repository.locator("option", { hasText: "acme/webapp" })).toBeAttached();
      await repository.selectOption({ label: "acme/webapp" });
      await clickInFrame(page, frame.getByRole("button", { name: "Generate" }));
      await frame.getByLabel(/Requester e-mail/).fill("support@initech.test");
      await capture(page, "embed-wizard-data-source", first);
      await clickInFrame(page, frame.getByRole("button", { name: "Next" }));
      await expect(frame.getByTestId("wizard-review")).toBeVisible();
      await clickInFrame(page, frame.getByRole("button", { name: "Deploy" }));

      // The instance page: active, and the deploy run (webhooks registered) succeeded.
      await expect(frame.getByTestId("instance-status")).toHaveText("Active", { timeout: 60_000 });
      const runs = frame.getByTestId("executions-table").locator("tbody tr");
      await expect(runs.filter({ hasText: "Register webhooks" })).toContainText("Succeeded", { timeout: 30_000 });
      // GitHub's ping reached the repository webhook's address during the deploy; Zendesk has sent nothing yet.
      const incoming = frame.getByTestId("incoming-endpoint");
      await expect(incoming.filter({ hasText: "GitHub issues to Zendesk tickets" }).getByTestId("incoming-status")).toHaveText("Receiving events");
      await expect(incoming.filter({ hasText: "Zendesk agent comments to GitHub" }).getByTestId("incoming-status")).toHaveText("Waiting for the first event");

      // A new issue in the sandbox GitHub (its own web page, a first-party window on the app).
      const title = issueTitles[policy];
      const github = await context.newPage();
      await github.goto(`${appUrl}/sandbox/github/repos/acme/webapp`);
      await github.getByLabel("Title").fill(title);
      await github.getByLabel("Description").fill("The pay button does nothing.");
      await github.getByRole("button", { name: "Open issue" }).click();
      await expect(github).toHaveURL(/\/sandbox\/github\/repos\/acme\/webapp\/issues\/\d+$/);
      await expect(github.getByText(title).first()).toBeVisible();

      // The webhook ran the issues flow on the worker; the instance page lists the run by the
      // flow's name and what started it, not by keys.
      const issueRun = runs.filter({ hasText: "GitHub issues to Zendesk tickets" });
      await expect(issueRun).toHaveCount(1, { timeout: 60_000 });
      await expect(issueRun).toContainText("Succeeded", { timeout: 60_000 });
      await page.bringToFront();
      await capture(page, "embed-instance", first);

      await expect(issueRun).toContainText(/issue #\d+ opened/);

      // The run in the logs, in the integration's words: what started it and what it did. This
      // manifest does not show its steps, so no state name or flow key reaches the customer.
      await issueRun.getByRole("link").click();
      const detail = frame.getByTestId("execution-detail");
      await expect(detail).toContainText("GitHub issues to Zendesk tickets");
      await expect(detail).toContainText(/Started by issue #\d+ opened/);
      await expect(detail.getByText("Succeeded").first()).toBeVisible();
      await expect(detail.getByTestId("execution-actions")).toContainText(/Zendesk: create ticket\s*Succeeded/i);
      await expect(detail).not.toContainText("CreateTicket");
      await expect(detail).not.toContainText("fromGithub");
      await expect(frame.getByTestId("flow-graph")).toHaveCount(0);

      // And the ticket is in the sandbox Zendesk, linked to the issue. (Every instance watching
      // acme/webapp opens one: the earlier run's customer has its own.)
      await github.goto(`${appUrl}/sandbox/zendesk`);
      const ticket = github.getByTestId("tickets").locator("li", { hasText: title }).first();
      await expect(ticket).toContainText(/github:\d+/);
      if (first && process.env.CAPTURE_SCREENSHOTS) {
        await ticket.getByRole("link").click();
        await expect(github.getByText("synced by Switchyard").first()).toBeVisible();
        await capture(github, "sandbox-zendesk-ticket", first);
      }
    } finally {
      await browser.close();
    }
  });
}

test("connects GitHub in the wizard with a personal access token instead of the sign-in window", async ({}, testInfo) => {
  test.setTimeout(90_000);
  const browser = await launchWithThirdPartyCookies("blocked", { launchOptions: testInfo.project.use.launchOptions, viewport: { width: 1280, height: 800 } });
  const { context } = browser;
  try {
    // The sandbox GitHub's "Personal access tokens" page mints a token for its demo account.
    const github = await context.newPage();
    await github.goto(`${appUrl}/sandbox/github`);
    await github.getByRole("button", { name: "Generate token" }).click();
    const token = (await github.getByTestId("sandbox-token").locator("code").textContent())!.trim();
    await github.close();

    const page = await context.newPage();
    await page.goto(hosts.get("blocked")!.origin);
    const frame = page.frameLocator("#integrations iframe");
    await clickInFrame(page, frame.getByRole("link", { name: /GitHub → Slack/ }));
    await clickInFrame(page, frame.getByRole("button", { name: "Activate" }));
    await expect(frame.getByTestId("wizard-step")).toHaveText(/Step 1 of \d/);
    const githubField = frame.getByTestId("connection-github");
    await clickInFrame(page, githubField.getByRole("button", { name: "Use a token instead" }));
    const form = frame.getByRole("form", { name: /GitHub token/ });
    // No API URL to give: the organization's GitHub app (here the sandbox) names it.
    const tokenField = form.getByLabel("Personal access token");
    await expect(tokenField).toHaveAttribute("type", "password");

    // A wrong token: GitHub's refusal is shown, what was typed stays, nothing is connected.
    await tokenField.fill("ghp_not-a-real-token");
    await clickInFrame(page, form.getByRole("button", { name: "Save" }));
    await expect(form.getByRole("alert")).toContainText(/GitHub|token|401|credentials/i);
    await expect(tokenField).toHaveValue("ghp_not-a-real-token");
    await expect(githubField.getByTestId("connected-account")).toHaveCount(0);

    // The right one, sent with Enter (the token form's, not the wizard's Next): checked with the
    // sandbox GitHub, the form closes and the account is shown.
    await tokenField.fill(token);
    await tokenField.press("Enter");
    await expect(form).toHaveCount(0);
    await expect(githubField.getByTestId("connected-account")).toContainText("Connected as octo-demo");
    await expect(frame.getByTestId("wizard-step")).toHaveText(/Step 1 of \d/);
    expect(await embedFrame(page)!.content()).not.toContain(token);
  } finally {
    await browser.close();
  }
});

test("manages the activated instance in the frame: a bad setting refused, reconfigure, pause, resume, remove", async ({}, testInfo) => {
  test.setTimeout(120_000);
  const browser = await launchWithThirdPartyCookies("allowed", { launchOptions: testInfo.project.use.launchOptions, viewport: { width: 1280, height: 800 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(hosts.get("allowed")!.origin);
    const frame = page.frameLocator("#integrations iframe");
    await clickInFrame(page, frame.getByRole("link", { name: /GitHub ↔ Zendesk/ }));
    await clickInFrame(page, frame.getByRole("link", { name: "Manage" }));
    const status = frame.getByTestId("instance-status");
    await expect(status).toHaveText("Active");

    // A malformed e-mail is refused at its field and nothing changes; a good one is saved.
    await clickInFrame(page, frame.getByRole("button", { name: "Reconfigure" }));
    const settings = frame.getByTestId("reconfigure-form");
    const email = settings.getByLabel(/Requester e-mail/);
    await expect(email).toHaveValue("support@initech.test");
    await email.fill("not an address");
    await clickInFrame(page, settings.getByRole("button", { name: "Save" }));
    await expect(settings).toContainText(/e-mail|email/i);
    await expect(settings).toBeVisible();
    await email.fill("helpdesk@initech.test");
    await clickInFrame(page, settings.getByRole("button", { name: "Save" }));
    await expect(settings).toHaveCount(0);
    await clickInFrame(page, frame.getByRole("button", { name: "Reconfigure" }));
    await expect(frame.getByTestId("reconfigure-form").getByLabel(/Requester e-mail/)).toHaveValue("helpdesk@initech.test");
    await clickInFrame(page, frame.getByTestId("reconfigure-form").getByRole("button", { name: "Cancel" }));

    await clickInFrame(page, frame.getByRole("button", { name: "Pause" }));
    await expect(status).toHaveText("Paused");
    await clickInFrame(page, frame.getByRole("button", { name: "Resume" }));
    await expect(status).toHaveText("Active");

    // Removing runs the remove flow (the GitHub and Zendesk webhooks go); once it has succeeded the
    // frame goes back to the marketplace, which offers the integration again.
    await clickInFrame(page, frame.getByRole("button", { name: "Remove" }));
    await clickInFrame(page, frame.getByRole("alertdialog").getByRole("button", { name: "Remove" }));
    await expect.poll(() => embedFrame(page)?.url(), { timeout: 60_000 }).toMatch(/\/embed\/v1\/marketplace/);
    await clickInFrame(page, frame.getByRole("link", { name: /GitHub ↔ Zendesk/ }));
    await expect(frame.getByRole("button", { name: "Activate" })).toBeVisible();
  } finally {
    await browser.close();
  }
});
