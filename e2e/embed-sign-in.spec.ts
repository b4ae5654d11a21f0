/**
 * An embedded page that never gets a token says, after a few seconds, what is missing instead of
 * "Signing you in…" for good: opened on its own, or framed by a page whose SDK sends nothing. A
 * token that comes later still signs in.
 */
import { expect, test } from "@playwright/test";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { startHostServer, type HostServer } from "./fixtures/host-server";
import { seedEmbedOrganization } from "./helpers/embed-org";

test.describe.configure({ mode: "serial" });

const port = Number(process.env.E2E_PORT ?? 3210);
const appUrl = `http://localhost:${port}`;
const kid = "e2e-sign-in";

let organizationId = "";
let silentHost: HostServer;
let vendorKey: Awaited<ReturnType<typeof generateKeyPair>>;

test.beforeAll(async () => {
  vendorKey = await generateKeyPair("RS256", { extractable: true });
  // A vendor page that frames the marketplace itself (no SDK) and never sends a token.
  silentHost = await startHostServer({
    appUrl,
    token: () => Promise.reject(new Error("this page hands out no tokens")),
    rawFrameUrl: (origin) => `${appUrl}/embed/v1/marketplace?parentOrigin=${encodeURIComponent(origin)}`,
  });
  ({ organizationId } = await seedEmbedOrganization(port, { publicKeyPem: await exportSPKI(vendorKey.publicKey), allowedOrigins: [silentHost.origin], kid }));
});

test.afterAll(async () => {
  await silentHost?.close();
});

test("a frame whose page sends no token says so, and signs in when a token comes after all", async ({ page }) => {
  await page.goto(silentHost.origin);
  const frame = page.frameLocator("#raw");
  const missing = frame.getByTestId("embed-sign-in-missing");
  await expect(missing).toContainText("Still waiting to be signed in", { timeout: 15_000 });
  await expect(missing).toContainText(`The page on ${silentHost.origin} has not sent a sign-in token`);

  const token = await new SignJWT({ customer: "late-customer", customerName: "Late Customer" })
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(organizationId)
    .setSubject("user-late")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(vendorKey.privateKey);
  await page.evaluate(
    ({ token, appUrl }) => {
      const frame = document.querySelector<HTMLIFrameElement>("#raw")!;
      frame.contentWindow!.postMessage({ source: "switchyard-sdk", version: 1, type: "authenticate", token }, appUrl);
    },
    { token, appUrl },
  );
  await expect(frame.getByTestId("integration-card").first()).toBeVisible();
  await expect(missing).toHaveCount(0);
});

test("a frame page opened on its own says it needs the page that embeds it", async ({ page }) => {
  await page.goto(`/embed/v1/marketplace?parentOrigin=${encodeURIComponent(silentHost.origin)}`);
  const missing = page.getByTestId("embed-sign-in-missing");
  await expect(missing).toContainText("This page was opened on its own.", { timeout: 15_000 });
  await expect(missing).toContainText(silentHost.origin);
  await expect(page.getByText("Signing you in…")).toHaveCount(0);
});
