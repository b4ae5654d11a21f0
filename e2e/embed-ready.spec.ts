/**
 * What `ready` and `signedIn` promise a vendor's page. The marketplace is `ready` as soon as its
 * page has run over the catalogue the server drew, while the sign-in is still under way: the test
 * holds the session exchange in the browser and sees `ready`, cards that are links and a search
 * box that takes input, and nothing of the customer's yet. When the exchange answers, the
 * customer's own state (Active badge, Reconnect notice and its event) arrives with `signedIn`,
 * and what was typed meanwhile is applied. A sign-in refused after `ready` shows the refusal screen
 * and reaches the page as an `error` event. The React pages (here the instance page) are ready
 * only once signed in: their view is the customer's own data.
 */
import { expect, test, type Page, type Route } from "@playwright/test";
import type { HostServer } from "./fixtures/host-server";
import { frameFits } from "./helpers/embed-frame";
import { startReconnectVendor } from "./helpers/reconnect-vendor";

test.describe.configure({ mode: "serial" });

const port = Number(process.env.E2E_PORT ?? 3210);
const appUrl = `http://localhost:${port}`;

let host: HostServer;

test.beforeAll(async () => {
  // The customer has one instance (GitHub profile check), active, whose GitHub connection needs reconnecting.
  ({ host } = await startReconnectVendor(port, { kid: "e2e-ready", customer: { externalId: "ready-corp", name: "Ready Corp" }, subject: "user-9" }));
});

test.afterAll(async () => {
  await host?.close();
});

const eventNames = (page: Page) => page.evaluate(() => (window as unknown as { __events: { name: string }[] }).__events.map((event) => event.name));

/** Holds every session exchange the frame sends until `release()`; counts them. */
async function holdExchanges(page: Page) {
  const state = { sent: 0, release: () => {} };
  let gate = Promise.resolve();
  const close = () => {
    gate = new Promise<void>((resolve) => {
      state.release = () => {
        resolve();
        close();
      };
    });
  };
  close();
  await page.route("**/api/trpc/embed.exchange**", async (route: Route) => {
    state.sent++;
    await gate;
    await route.continue();
  });
  return state;
}

test("the marketplace is ready while its sign-in runs; the customer's own state comes with signedIn", async ({ page }) => {
  const exchange = await holdExchanges(page);
  await page.goto(host.origin);
  const frame = page.frameLocator("#integrations iframe");

  // Ready with the exchange sent and unanswered: the catalogue, no customer state.
  await expect.poll(() => eventNames(page)).toContain("ready");
  await expect.poll(() => exchange.sent).toBe(1);
  await expect(frame.getByTestId("integration-card")).toHaveCount(3);
  await expect(frame.getByTestId("active-badge")).toHaveCount(0);
  await expect(frame.getByTestId("card-reconnect")).toHaveCount(0);
  expect(await eventNames(page)).toEqual(["ready"]);

  // The search box takes input before the session exists; it is applied once it does.
  await frame.getByLabel("Search").fill("profile");
  await expect(frame.getByLabel("Search")).toHaveValue("profile");

  exchange.release();
  const card = frame.getByTestId("integration-card").filter({ hasText: "GitHub profile check" });
  await expect(card.getByTestId("active-badge")).toHaveText("Active");
  await expect(card.getByTestId("card-reconnect")).toContainText("Reconnect GitHub");
  await expect(frame.getByTestId("integration-card")).toHaveCount(1);
  await expect.poll(() => eventNames(page)).toEqual(["ready", "signedIn", "connection.needsReconnect"]);

  // The instance page is a React page whose view is the customer's data: not ready before its sign-in.
  await frameFits(page, appUrl);
  await card.click();
  await expect.poll(() => exchange.sent).toBe(2);
  expect((await eventNames(page)).filter((name) => name === "ready")).toHaveLength(1);
  await expect(frame.getByTestId("reconnect-prompt")).toHaveCount(0);
  exchange.release();
  await expect(frame.getByTestId("reconnect-prompt")).toBeVisible();
  await expect.poll(async () => (await eventNames(page)).slice(3)).toEqual(expect.arrayContaining(["ready", "signedIn"]));
  const names = await eventNames(page);
  expect(names.lastIndexOf("ready")).toBeLessThan(names.lastIndexOf("signedIn"));
});

test("a sign-in refused after ready shows the refusal screen and an error event", async ({ page }) => {
  const exchange = await holdExchanges(page);
  await page.goto(`${host.origin}/?bad=1`);
  const frame = page.frameLocator("#integrations iframe");

  await expect.poll(() => eventNames(page)).toContain("ready");
  await expect.poll(() => exchange.sent).toBe(1);
  await expect(frame.getByTestId("integration-card")).toHaveCount(3);

  exchange.release();
  await expect(frame.getByTestId("not-authorized")).toContainText("signature");
  await expect(frame.getByTestId("integration-card")).toHaveCount(0);
  await expect.poll(() => eventNames(page)).toEqual(["ready", "error"]);
  const error = await page.evaluate(() => (window as unknown as { __events: { name: string; payload: { code: string } }[] }).__events[1]!.payload);
  expect(error.code).toBe("unauthorized");
});
