/**
 * Web security as a browser meets it, against the production build: security headers on the
 * console and on embed pages, HSTS behind https only, cross-site changes refused, and console
 * sessions that expire.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { signInAsOwner } from "./helpers/console-owner";

const port = Number(process.env.E2E_PORT ?? 3210);
const SESSION_COOKIE = "next-auth.session-token";

function sessionSecret(): string {
  return (JSON.parse(readFileSync(path.join(os.tmpdir(), `switchyard-e2e-${port}`, "secrets.json"), "utf8")) as { sessionSecret: string }).sessionSecret;
}

test("console and embed pages send a content security policy and anti-framing headers; HSTS only behind https", async ({ request }) => {
  for (const url of ["/login", "/embed/v1/marketplace"]) {
    const headers = (await request.get(url)).headers();
    expect(headers["content-security-policy"], url).toContain("default-src 'self'");
    expect(headers["content-security-policy"], url).toContain("object-src 'none'");
    expect(headers["content-security-policy"], url).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], url).toBe("nosniff");
    expect(headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], url).toBeUndefined();
    const behindTls = (await request.get(url, { headers: { "x-forwarded-proto": "https" } })).headers();
    expect(behindTls["strict-transport-security"], url).toMatch(/max-age=\d{8}/);
  }
  expect((await request.get("/login")).headers()["x-frame-options"]).toBe("DENY");
});

test("webhook answers, served past Next.js, send the same anti-sniffing and anti-framing headers; HSTS only behind https", async ({ request }) => {
  const answer = await request.post("/api/hooks/no-such-token-0123456789abcdefghij", { data: { hello: "world" } });
  expect(answer.status()).toBe(404);
  const headers = answer.headers();
  expect(headers["content-type"]).toContain("application/json");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toBeUndefined();
  const behindTls = await request.post("/api/hooks/no-such-token-0123456789abcdefghij", { data: {}, headers: { "x-forwarded-proto": "https" } });
  expect(behindTls.headers()["strict-transport-security"]).toMatch(/max-age=\d{8}/);
});

test("a change sent with the console's cookie from another site is refused; the console's own is accepted", async ({ page, context }) => {
  await signInAsOwner(page);
  const create = (headers: Record<string, string>, externalId: string) =>
    context.request.post("/api/trpc/customers.create", { headers: { "content-type": "application/json", ...headers }, data: { json: { externalId } } });
  const forged = await create({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, "forged-customer");
  expect(forged.status()).toBe(403);
  expect(JSON.stringify(await forged.json())).toContain("Refused a cross-site request");
  const own = await create({ origin: new URL(page.url()).origin, "sec-fetch-site": "same-origin" }, `own-customer-${Date.now()}`);
  expect(own.status()).toBe(200);
});

test("an expired console session is refused and sends the browser to sign in", async ({ page, context }) => {
  await signInAsOwner(page);
  const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
  expect(cookie, "next-auth session cookie").toBeTruthy();
  const secret = sessionSecret();
  const claims = await decode({ token: cookie!.value, secret });
  expect(claims?.uid).toEqual(expect.any(String));

  const withSession = async (maxAge: number) => {
    await context.clearCookies();
    await context.addCookies([{ ...cookie!, value: await encode({ token: claims!, secret, maxAge }) }]);
    await page.goto("/");
  };
  // The same claims, re-issued for a minute: accepted, so the cookie we mint is the real format.
  await withSession(60);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  // Expired a minute ago (beyond next-auth's clock tolerance): signed out.
  await withSession(-60);
  await expect(page).toHaveURL(/\/login$/);
});
