/**
 * A customer whose GitHub connection stopped working (GitHub refused its refresh token, so its
 * run parked) meets the Reconnect prompt in the vendor's page: on the marketplace card and on the
 * instance page, while the vendor's page receives the SDK event `connection.needsReconnect`.
 * Reconnecting in the sandbox GitHub's consent popup lets the parked run finish.
 */
import { expect, test, type Page } from "@playwright/test";
import type { HostServer } from "./fixtures/host-server";
import { frameFits as frameFitsIn } from "./helpers/embed-frame";
import { startReconnectVendor } from "./helpers/reconnect-vendor";

const port = Number(process.env.E2E_PORT ?? 3210);
const appUrl = `http://localhost:${port}`;

let host: HostServer;

test.beforeAll(async () => {
  ({ host } = await startReconnectVendor(port, { kid: "e2e-reconnect", customer: { externalId: "acme-corp", name: "Acme Corp" }, subject: "user-7" }));
});

test.afterAll(async () => {
  await host?.close();
});

const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: { name: string; payload: Record<string, unknown> }[] }).__events);

const frameFits = (page: Page) => frameFitsIn(page, appUrl);

test("the customer is asked to reconnect, the vendor's page hears of it, and reconnecting lets the waiting run finish", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(host.origin);
  const frame = page.frameLocator("#integrations iframe");

  // The marketplace card says so, and the host page gets the SDK event once.
  const card = frame.getByTestId("integration-card").filter({ hasText: "GitHub profile check" });
  await expect(card.getByTestId("card-reconnect")).toContainText("Reconnect GitHub");
  await expect
    .poll(async () => (await events(page)).filter((e) => e.name === "connection.needsReconnect").map((e) => e.payload))
    .toEqual([
      expect.objectContaining({
        integrationKey: "github-profile",
        connectionKey: "github",
        connector: "github",
        reason: expect.stringContaining("invalid_grant"),
      }),
    ]);

  // The card opens the instance page with the prompt at its top.
  await frameFits(page);
  await card.click();
  const prompt = frame.getByTestId("reconnect-prompt");
  await expect(prompt).toBeVisible();
  await expect(prompt.getByRole("heading", { name: "Reconnect GitHub" })).toBeVisible();
  await expect(prompt).toContainText("runs that need it are waiting");
  await expect(prompt.getByTestId("connected-account")).toContainText(/Needs reconnecting.*invalid_grant/);
  await expect(frame.getByTestId("executions-table").locator("tbody tr").first()).toContainText(/waiting/i);
  await frameFits(page);
  if (process.env.CAPTURE_SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/embed-reconnect.png", fullPage: true });
  // The instance page's own frame told the host too (a frame tells once per connection).
  await expect.poll(async () => (await events(page)).filter((e) => e.name === "connection.needsReconnect").length).toBe(2);

  // Reconnect through the sandbox GitHub's consent popup.
  const popupOpened = page.context().waitForEvent("page");
  await prompt.getByRole("button", { name: "Reconnect" }).click();
  const popup = await popupOpened;
  await expect(popup).toHaveURL(/\/sandbox\/github\//);
  const closed = popup.waitForEvent("close", { timeout: 60_000 });
  await popup.getByRole("button", { name: /Approve|Authorize|Allow/ }).click();
  await closed;

  await expect(frame.getByTestId("reconnect-prompt")).toHaveCount(0);
  await expect(frame.getByTestId("connection-github").getByTestId("connected-account")).toContainText(/Connected as \S+/);
  // The run that waited for the connection went on and finished.
  await expect(frame.getByTestId("executions-table").locator("tbody tr").first()).toContainText(/succeeded/i, { timeout: 30_000 });
});
