/**
 * What support people and customers read about runs, on runs of the GitHub examples written into
 * the database (server/testing/support-runs.ts): the console's executions list and execution page
 * (short ids that differ, what started each run and what it did, rounded durations, the flow graph,
 * previews of what each step changed, a wrapped error), the instance page, the deploy wizard's nav
 * and counted nouns; and in a vendor's page, the customer's logs in plain words, on a desktop and a
 * phone. `CAPTURE_SCREENSHOTS=1` saves the pictures in docs/screenshots/.
 */
import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { startHostServer, type HostServer } from "./fixtures/host-server";
import { createCustomerAndOpen } from "./helpers/console-customer";
import { owner, signInAsOwner } from "./helpers/console-owner";
import { runSeed, seedEmbedOrganization } from "./helpers/embed-org";

test.describe.configure({ mode: "serial" });
const expect = baseExpect.configure({ timeout: 20_000 });

const port = Number(process.env.E2E_PORT ?? 3210);
const appUrl = `http://localhost:${port}`;
const kid = "e2e-support";
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Seeded {
  support: { instanceId: string; customerId: string; executions: string[] };
  upgradedInstanceId: string;
  embed: { zendesk: { instanceId: string; executions: string[] }; slack: { instanceId: string; executions: string[] } };
}

let seeded: Seeded;
let host: HostServer;
let freshHost: HostServer;

/** A page in a browser context of its own (its own viewport, no session), closed afterwards. */
async function inContext(browser: Browser, viewport: { width: number; height: number }, use: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport });
  try {
    await use(await context.newPage());
  } finally {
    await context.close();
  }
}

async function capture(page: Page, name: string) {
  if (process.env.CAPTURE_SCREENSHOTS) await page.screenshot({ path: `docs/screenshots/${name}.png` });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  await signInAsOwner(page);
  await page.close();
  const vendorKey = await generateKeyPair("RS256", { extractable: true });
  let organizationId = "";
  const tokenFor = (customer: string, customerName: string) => () =>
    new SignJWT({ customer, customerName })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(organizationId)
      .setSubject("user-5")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(vendorKey.privateKey);
  host = await startHostServer({ appUrl, token: tokenFor("acme-corp", "Acme Corp") });
  freshHost = await startHostServer({ appUrl, token: tokenFor("umbrella", "Umbrella") });
  ({ organizationId } = await seedEmbedOrganization(port, {
    publicKeyPem: await exportSPKI(vendorKey.publicKey),
    allowedOrigins: [host.origin, freshHost.origin],
    kid,
    examples: ["github-slack"],
  }));
  seeded = await runSeed<Seeded>(port, "e2e/fixtures/support-seed.ts", {
    consoleOrganization: owner.organization,
    embed: { organizationId, customer: "acme-corp", customerName: "Acme Corp" },
  });
});

test.afterAll(async () => {
  await Promise.all([host?.close(), freshHost?.close()]);
});

test.describe("the console, for support", () => {
  test.use({ viewport: DESKTOP });
  test.beforeEach(async ({ page }) => signInAsOwner(page));

  test("the executions list tells runs apart: short ids, what started them, what they did, durations; keyboard and customer link", async ({ page }) => {
    await page.goto(`/executions?customerId=${seeded.support.customerId}`);
    const rows = page.getByTestId("execution-row");
    await expect(rows).toHaveCount(4);
    const ids = await rows.locator("td a.font-mono").allTextContents();
    expect(new Set(ids).size).toBe(4);
    // Time-ordered ids made in one go share their start; the short form is their random end.
    expect(new Set(seeded.support.executions.map((id) => id.slice(0, 8))).size).toBeLessThan(4);

    const opened = rows.filter({ hasText: "issue #12 opened" });
    await expect(opened.getByTestId("run-path")).toHaveText("Route → CreateTicket");
    const comments = rows.filter({ hasText: "comment on #12 created" });
    await expect(comments).toHaveCount(2);
    await expect(comments.getByTestId("run-path").filter({ hasText: "Echo" })).toHaveText("Route → IsMarkedComment → Echo");
    await expect(comments.getByTestId("run-path").filter({ hasText: "AddTicketComment" })).toContainText("…");
    for (const text of await rows.getByTestId("duration").allTextContents()) expect(text).toMatch(/^(\d+ ms|\d+(\.\d)? s|under 1 ms)$/);
    await capture(page, "console-executions");

    // Keyboard: the first row, one down, Enter opens that run.
    await rows.first().focus();
    await page.keyboard.press("ArrowDown");
    await expect(rows.nth(1)).toBeFocused();
    const secondId = await rows.nth(1).locator("td a.font-mono").getAttribute("title");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/executions/${secondId}$`));

    await page.goBack();
    await rows.first().getByRole("link", { name: "Initrode" }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${seeded.support.customerId}$`));
  });

  test("an execution shows its flow graph with the path taken, what each step changed, a wrapped error and rounded durations", async ({ page }) => {
    const [, ticketRun, , failedRun] = seeded.support.executions;
    await page.goto(`/executions/${failedRun}`);
    const graph = page.getByTestId("flow-graph");
    await expect(graph).toBeVisible();
    await expect(graph.locator('[data-state="AddTicketComment"][data-failed]')).toHaveCount(1);
    await expect(graph.locator('[data-edge="HasTicketToComment->ComposeTicketComment"][data-taken]')).toHaveCount(1);
    await expect(graph.locator('[data-state="CreateTicket"][data-visited]')).toHaveCount(0);
    // Every label fits its box in the browser's own font.
    const overflowing = await graph
      .locator("text[data-max]")
      .evaluateAll((texts) =>
        texts
          .filter((text) => (text as SVGTextElement).getComputedTextLength() > Number((text as SVGTextElement).dataset.max) + 0.5)
          .map((text) => text.textContent),
      );
    expect(overflowing).toEqual([]);
    const error = page.getByTestId("error-box").first();
    await expect(error).toContainText("65,536 characters");
    expect(await error.evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await capture(page, "console-execution-detail");
    // Zoom and pan stay within reach of the keyboard.
    const zoom = graph.getByText(/^\d+%$/);
    const before = await zoom.textContent();
    await graph.getByRole("button", { name: "Zoom in" }).click();
    await expect(zoom).not.toHaveText(before!);

    await page.goto(`/executions/${ticketRun}`);
    const createTicket = page.getByTestId("step-run").filter({ hasText: "CreateTicket" });
    await expect(createTicket.getByTestId("json-preview").nth(1)).toContainText('+ ticket = {id: 42, status: "new"');
    await expect(page.getByTestId("step-run").filter({ hasText: "Route" }).getByTestId("json-preview").first()).toHaveText("the run's input");
    await expect(createTicket.getByTestId("call-duration")).toHaveText("18 ms");
  });

  test("the instance page puts recent runs first, Pause apart from the red Remove, and the manual start last", async ({ page }) => {
    await page.goto(`/instances/${seeded.support.instanceId}`);
    const recent = page.getByRole("heading", { name: "Recent runs" });
    const manual = page.getByRole("heading", { name: "Start a flow manually" });
    await expect(recent).toBeVisible();
    await expect(page.getByTestId("execution-row")).toHaveCount(4);
    const y = async (locator: typeof recent) => (await locator.boundingBox())!.y;
    expect(await y(recent)).toBeLessThan(await y(manual));
    const pause = page.getByRole("button", { name: "Pause" });
    const remove = page.getByRole("button", { name: "Remove", exact: true });
    const colour = (locator: typeof pause) => locator.evaluate((button) => getComputedStyle(button).color);
    expect(await colour(pause)).not.toBe(await colour(remove));
    await expect(remove).toHaveClass(/text-red/);
    await expect(pause).not.toHaveClass(/text-red/);
  });

  test("after an upgrade, the instance says since when its current version is live, and when it was first deployed", async ({ page }) => {
    await page.goto(`/instances/${seeded.upgradedInstanceId}`);
    const today = await page.evaluate(() => new Date().toLocaleString(undefined, { dateStyle: "medium" }));
    const yesterday = await page.evaluate(() => new Date(Date.now() - 86_400_000).toLocaleString(undefined, { dateStyle: "medium" }));
    const line = page.getByTestId("instance-version");
    await expect(line).toContainText(`v2 since ${today}`);
    await expect(line).toContainText(`first deployed ${yesterday}`);
  });

  test("counts read naturally, and the deploy wizard stays under Customers in the nav", async ({ page }) => {
    await page.goto("/customers");
    await expect(page.getByRole("link", { name: /Initrode/ })).toContainText("2 instances");
    const name = `Hooli${Date.now().toString(36)}`;
    await createCustomerAndOpen(page, name);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Customers" }).click();
    await expect(page.getByRole("link", { name: new RegExp(name) })).toContainText("0 instances");

    await page.getByRole("link", { name: new RegExp(name) }).click();
    await page.getByRole("link", { name: "Deploy integration" }).click();
    await page.getByRole("radio", { name: /GitHub → Slack/ }).check();
    await page.getByRole("button", { name: "Continue to setup" }).click();
    await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}\/setup$/);
    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link", { name: "Customers" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Instances" })).not.toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("connection-github").locator("[data-icon='GitHub']")).toBeVisible();
    await capture(page, "console-wizard-connections");
  });
});

test.describe("the customer's logs in a vendor's page", () => {
  for (const [device, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    test(`a failed run reads in plain words with the technical detail folded away (${device})`, async ({ browser }) => {
      await inContext(browser, viewport, async (page) => {
        await page.goto(host.origin);
        const frame = page.frameLocator("#integrations iframe");
        const card = frame.getByTestId("integration-card").filter({ hasText: "GitHub ↔ Zendesk" });
        await expect(card.locator("[data-icon='GitHub']")).toBeVisible();
        await expect(card.getByTestId("active-badge")).toHaveText("Active");
        if (device === "phone") await capture(page, "embed-marketplace-phone");

        await card.click();
        await frame.getByRole("link", { name: "Manage" }).click();
        const runs = frame.getByTestId("executions-table").locator("tbody tr");
        await expect(runs.filter({ hasText: "GitHub issues to Zendesk tickets" })).toHaveCount(3);
        await expect(runs.first()).toContainText("comment on #12 created");
        await expect(frame.getByTestId("executions-table")).not.toContainText("fromGithub");
        await runs.filter({ hasText: "Failed" }).getByRole("link").click();

        const detail = frame.getByTestId("execution-detail");
        const failure = detail.getByTestId("execution-failure");
        await expect(failure).toContainText("Zendesk refused the comment (422)");
        await expect(detail.getByTestId("execution-error")).toBeHidden();
        await expect(detail).not.toContainText("AddTicketComment");
        await expect(detail.getByTestId("execution-actions")).toContainText(/Zendesk: add comment\s*Failed/i);
        await expect(detail.getByRole("button", { name: "Replay" })).toBeVisible();
        expect(await frame.locator("body").evaluate((body) => body.scrollWidth <= body.clientWidth)).toBe(true);
        await capture(page, device === "phone" ? "embed-logs-failed-phone" : "embed-logs-failed");
        await failure.getByText("Technical detail").click();
        await expect(detail.getByTestId("execution-error")).toContainText("422 Unprocessable Entity");
      });
    });
  }

  test("where the vendor shows steps, the customer also gets the flow graph and each step", async ({ browser }) => {
    await inContext(browser, DESKTOP, async (page) => {
      await page.goto(host.origin);
      const frame = page.frameLocator("#integrations iframe");
      await frame.getByTestId("integration-card").filter({ hasText: "GitHub → Slack" }).click();
      await frame.getByRole("link", { name: "Manage" }).click();
      await frame.getByTestId("executions-table").locator("tbody tr").filter({ hasText: "Post new issues" }).getByRole("link").click();
      const detail = frame.getByTestId("execution-detail");
      await expect(detail.getByTestId("execution-failure")).toContainText("Slack could not find what this step asked for (channel_not_found)");
      await expect(frame.getByTestId("flow-graph").locator('[data-state="Post"][data-failed]')).toHaveCount(1);
      await expect(detail.getByTestId("execution-step")).toHaveCount(1);
      await capture(page, "embed-logs-steps");
    });
  });

  test("the wizard's connection step on a phone shows each app with its logo", async ({ browser }) => {
    await inContext(browser, PHONE, async (page) => {
      await page.goto(freshHost.origin);
      const frame = page.frameLocator("#integrations iframe");
      await frame.getByTestId("integration-card").filter({ hasText: "GitHub ↔ Zendesk" }).click();
      await frame.getByRole("button", { name: "Activate" }).click();
      await expect(frame.getByTestId("wizard-step")).toHaveText(/Step 1 of 3/);
      await expect(frame.getByTestId("connection-zendesk").locator("[data-icon='Zendesk']")).toBeVisible();
      expect(await frame.locator("body").evaluate((body) => body.scrollWidth <= body.clientWidth)).toBe(true);
      await capture(page, "embed-wizard-phone");
    });
  });
});
