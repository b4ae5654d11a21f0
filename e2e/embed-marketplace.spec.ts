/**
 * The embedded marketplace as a vendor's customer meets it: the vendor page on ANOTHER origin
 * loads /embed.js, signs a JWT with a key registered for its organization, and shows the
 * marketplace inline. Also: a bad token, and pages that are not allowed to frame it.
 */
import { expect, test, type Page } from "@playwright/test";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { startHostServer, type HostServer } from "./fixtures/host-server";
import { seedEmbedOrganization } from "./helpers/embed-org";

test.describe.configure({ mode: "serial" });

const port = Number(process.env.E2E_PORT ?? 3210);
const appUrl = `http://localhost:${port}`;
const kid = "e2e-rs256";

let organizationId = "";
let allowedHost: HostServer;
let otherHost: HostServer;
let forgingHost: HostServer;
let declaringHost: HostServer;

test.beforeAll(async () => {
  const vendorKey = await generateKeyPair("RS256", { extractable: true });
  const strangerKey = await generateKeyPair("RS256");
  const token = (bad: boolean) =>
    new SignJWT({ customer: "acme-corp", customerName: "Acme Corp" })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(organizationId)
      .setSubject("user-42")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(bad ? strangerKey.privateKey : vendorKey.privateKey);
  allowedHost = await startHostServer({ appUrl, token });
  otherHost = await startHostServer({ appUrl, token });
  // A page that builds the frame URL itself and claims to be the allowed origin.
  forgingHost = await startHostServer({
    appUrl,
    token,
    rawFrameUrl: () => `${appUrl}/embed/v1/marketplace?parentOrigin=${encodeURIComponent(allowedHost.origin)}`,
  });
  declaringHost = await startHostServer({ appUrl, token, frameInHtml: true });
  ({ organizationId } = await seedEmbedOrganization(port, {
    publicKeyPem: await exportSPKI(vendorKey.publicKey),
    allowedOrigins: [allowedHost.origin, declaringHost.origin],
    kid,
  }));
});

test.afterAll(async () => {
  await Promise.all([allowedHost?.close(), otherHost?.close(), forgingHost?.close(), declaringHost?.close()]);
});

const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: { name: string; payload: Record<string, unknown> }[] }).__events);

test("the marketplace loads in the vendor's page and shows the listed integrations", async ({ page }) => {
  await page.goto(allowedHost.origin);
  const frame = page.frameLocator("#integrations iframe");
  await expect(frame.getByTestId("integration-card")).toHaveCount(2);
  await expect(frame.getByRole("heading", { name: "GitHub ↔ Zendesk" })).toBeVisible();
  await expect(frame.getByRole("heading", { name: "CRM contact sync" })).toBeVisible();
  await expect.poll(async () => (await events(page)).map((e) => e.name)).toContain("ready");

  // The search and category filter narrow the grid.
  await frame.getByLabel("Category").selectOption("CRM");
  await expect(frame.getByTestId("integration-card")).toHaveCount(1);
  await frame.getByLabel("Category").selectOption("");
  await frame.getByLabel("Search").fill("zendesk");
  await expect(frame.getByTestId("integration-card")).toHaveCount(1);
  await expect(frame.getByRole("heading", { name: "GitHub ↔ Zendesk" })).toBeVisible();

  // The detail page says which apps it connects; Activate opens the wizard at its first step.
  await frame.getByRole("link", { name: /GitHub ↔ Zendesk/ }).click();
  await expect(frame.getByTestId("integration-connections")).toContainText(/github/i);
  await expect(frame.getByTestId("integration-connections")).toContainText(/zendesk/i);
  await frame.getByRole("button", { name: "Activate" }).click();
  await expect(frame.getByTestId("wizard")).toBeVisible();
  await expect(frame.getByTestId("wizard-step")).toHaveText(/Step 1 of 3/);
  await expect(frame.getByRole("button", { name: /Connect Github|Connect GitHub/ })).toBeVisible();
});

test("a vendor page that writes the frame into its HTML keeps that one frame, signed in once", async ({ page }) => {
  const exchanges: string[] = [];
  page.on("request", (request) => request.url().includes("/api/trpc/embed.exchange") && exchanges.push(request.url()));
  await page.goto(declaringHost.origin);
  const frame = page.frameLocator("#integrations iframe");
  await expect(frame.getByTestId("integration-card")).toHaveCount(2);
  await expect.poll(async () => (await events(page)).map((e) => e.name)).toContain("ready");
  await expect(page.locator("#integrations iframe")).toHaveCount(1);
  expect(exchanges).toHaveLength(1);
  await frame.getByLabel("Search").fill("contact");
  await expect(frame.getByTestId("integration-card")).toHaveCount(1);
  await expect(frame.getByRole("heading", { name: "CRM contact sync" })).toBeVisible();
});

test("a frame in the vendor's HTML that is ready before the SDK has loaded still reports ready, once", async ({ page }) => {
  // The SDK's script is held until the frame has drawn its catalogue and posted `ready` to nobody.
  let releaseSdk = () => {};
  const sdkHeld = new Promise<void>((resolve) => (releaseSdk = resolve));
  await page.route(`${appUrl}/embed.js`, async (route) => {
    await sdkHeld;
    await route.continue();
  });
  await page.goto(declaringHost.origin, { waitUntil: "commit" });
  const frame = page.frameLocator("#integrations iframe");
  await expect(frame.getByTestId("integration-card")).toHaveCount(2);
  await expect
    .poll(() =>
      page
        .frames()
        .find((f) => f.url().startsWith(`${appUrl}/embed/`))
        ?.evaluate(() => document.readyState),
    )
    .not.toBe("loading");
  releaseSdk();
  await expect.poll(async () => (await events(page))?.map((e) => e.name)).toContain("signedIn");
  expect((await events(page)).filter((e) => e.name === "ready")).toHaveLength(1);
});

test("a token Switchyard cannot verify shows the not-authorised state and an error event", async ({ page }) => {
  await page.goto(`${allowedHost.origin}/?bad=1`);
  const frame = page.frameLocator("#integrations iframe");
  await expect(frame.getByTestId("not-authorized")).toBeVisible();
  await expect(frame.getByTestId("not-authorized")).toContainText("signature");
  await expect(frame.getByTestId("integration-card")).toHaveCount(0);
  // `CAPTURE_SCREENSHOTS=1` refreshes the picture in docs/ (the others come from embed-activation.spec.ts).
  if (process.env.CAPTURE_SCREENSHOTS) await page.screenshot({ path: "docs/screenshots/embed-not-authorized.png" });
  await expect.poll(async () => (await events(page)).find((e) => e.name === "error")?.payload.code).toBe("unauthorized");
});

test("a page on an origin that is not allowed cannot frame the marketplace", async ({ page, request }) => {
  const allowed = await request.get(`/embed/v1/marketplace?parentOrigin=${encodeURIComponent(allowedHost.origin)}`);
  expect(allowed.headers()["content-security-policy"]).toContain(`frame-ancestors ${allowedHost.origin}`);
  const refused = await request.get(`/embed/v1/marketplace?parentOrigin=${encodeURIComponent(otherHost.origin)}`);
  expect(refused.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  for (const host of [otherHost, forgingHost]) {
    const blocked: string[] = [];
    page.on("console", (message) => /frame-ancestors/.test(message.text()) && blocked.push(message.text()));
    await page.goto(host.origin);
    await expect.poll(() => blocked.length, { message: `Chromium refuses the frame on ${host.origin}` }).toBeGreaterThan(0);
    const embedFrame = page.frames().find((frame) => frame.url().startsWith(`${appUrl}/embed/`));
    expect(
      embedFrame
        ? await embedFrame
            .locator("body")
            // biome-ignore lint/performance/useDomNodeTextContent: what a person sees (innerText), not the text of hidden elements.
            .innerText()
            .catch(() => "")
        : "",
    ).not.toContain("Integrations");
    page.removeAllListeners("console");
  }
});
