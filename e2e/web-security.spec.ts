/**
 * Web security as a browser meets it, against the production build: security headers on the
 * console, embed pages and OAuth routes (a fresh script nonce per page), HSTS behind https only,
 * cross-site changes refused, console sessions that expire, the sign-in limiter as strangers meet
 * it, and a sandbox that answers this machine only.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { signInAsOwner } from "./helpers/console-owner";
import { nonLoopbackAddress, requestFromElsewhere, signInOverApi } from "./helpers/other-address";

const port = Number(process.env.E2E_PORT ?? 3210);
const SESSION_COOKIE = "next-auth.session-token";
const elsewhere = nonLoopbackAddress();

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

test("pages run only the scripts they were rendered with: a fresh nonce per response, no 'unsafe-inline' scripts", async ({ request, page }) => {
  const nonceOf = (policy: string) => /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)';/.exec(policy)?.[1];
  for (const url of ["/login", "/embed/v1/marketplace"]) {
    const first = await request.get(url);
    const policy = first.headers()["content-security-policy"]!;
    expect(policy, url).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const nonce = nonceOf(policy);
    expect(nonce, url).toBeTruthy();
    // Every script the page carries has that nonce; the next response has another.
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, url).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, url).toContain(`nonce="${nonce}"`);
    expect(nonceOf((await request.get(url)).headers()["content-security-policy"]!), url).not.toBe(nonce);
  }
  // And the console still works under it (set-up or sign-in forms, then its pages), with nothing refused.
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signInAsOwner(page);
  await page.getByRole("link", { name: "Customers" }).first().click();
  await expect(page).toHaveURL(/\/customers$/);
  expect(violations).toEqual([]);
});

test("the OAuth routes keep their own policy: nothing but their nonce runs, and no Referer leaves with the code", async ({ request }) => {
  const callback = await request.get("/api/oauth/callback?state=not-a-real-state&code=abc");
  expect(callback.status()).toBe(400);
  expect(callback.headers()["content-security-policy"]).toMatch(
    /^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; frame-ancestors 'none'/,
  );
  expect(callback.headers()["referrer-policy"]).toBe("no-referrer");
  expect(callback.headers()["x-content-type-options"]).toBe("nosniff");
  const start = await request.get("/api/oauth/start?attempt=not-a-real-attempt");
  expect(start.headers()["referrer-policy"]).toBe("no-referrer");
  expect(start.headers()["content-security-policy"]).toMatch(/^default-src 'none'/);
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

test.describe("seen from another machine", () => {
  test.skip(!elsewhere, "this machine has no address but loopback");

  test("the sandbox and its demo vendor page are a 404 to a visitor from another machine, and served on this one", async ({ request }) => {
    const visitor = await requestFromElsewhere(port, elsewhere!);
    try {
      expect((await visitor.get("/sandbox/vendor")).status()).toBe(404);
      expect((await visitor.get("/sandbox/github")).status()).toBe(404);
      expect((await visitor.post("/sandbox/github/tokens", { data: {} })).status()).toBe(404);
      // Claiming to be relayed for a local client changes nothing: only TRUSTED_PROXIES are believed.
      expect((await visitor.get("/sandbox/vendor", { headers: { "x-forwarded-for": "127.0.0.1", "x-switchyard-local-client": "1" } })).status()).toBe(404);
    } finally {
      await visitor.dispose();
    }
    expect((await request.get("/sandbox/vendor")).status()).toBe(200);
    expect((await request.post("/sandbox/github/tokens", { data: {} })).status()).toBe(201);
  });

  test("a stranger's failed sign-ins do not lock a member out of the browser they signed in from before", async ({ page, browser }) => {
    await signInAsOwner(page);
    const member = { email: `dana-${Date.now()}@globex.test`, password: "member-password-2026" };
    const added = await page.request.post("/api/trpc/members.add", {
      headers: { "content-type": "application/json", origin: new URL(page.url()).origin, "sec-fetch-site": "same-origin" },
      data: { json: { ...member, name: "Dana", role: "admin" } },
    });
    expect(added.status()).toBe(200);

    // The member signs in from their browser once; it now holds a device cookie for the account.
    const own = await browser.newContext();
    const ownPage = await own.newPage();
    const signIn = async (target: typeof ownPage) => {
      await target.goto("/login");
      await target.getByLabel("Email").fill(member.email);
      await target.getByLabel("Password").fill(member.password);
      await target.getByRole("button", { name: "Sign in" }).click();
    };
    await signIn(ownPage);
    await expect(ownPage.getByTestId("signed-in-as")).toContainText(member.email);
    expect((await own.cookies()).some((cookie) => cookie.name.startsWith("switchyard-device-") && cookie.httpOnly)).toBe(true);

    // A stranger guesses from elsewhere until the account is locked for browsers it has not seen.
    const stranger = await requestFromElsewhere(port, elsewhere!);
    try {
      for (let i = 0; i < 5; i++) expect(await signInOverApi(stranger, member.email, `guess-${i}`)).toBe("Wrong email or password.");
      expect(await signInOverApi(stranger, member.email, member.password)).toMatch(/^Too many failed sign-ins for this account/);
    } finally {
      await stranger.dispose();
    }
    const fresh = await browser.newContext();
    const freshPage = await fresh.newPage();
    await signIn(freshPage);
    await expect(freshPage.getByTestId("form-error")).toContainText("Too many failed sign-ins for this account");

    // The member's own browser still gets in.
    await own.clearCookies({ name: SESSION_COOKIE });
    await signIn(ownPage);
    await expect(ownPage.getByTestId("signed-in-as")).toContainText(member.email);
    await own.close();
    await fresh.close();
  });

  test("failed sign-ins count against the socket's address: rotating X-Forwarded-For does not escape the limit", async () => {
    const attacker = await requestFromElsewhere(port, elsewhere!);
    try {
      // Each guess claims another address. Within LOGIN_MAX_FAILURES_PER_ADDRESS (20) failures from
      // this one (the test above made some too), the next is refused anyway.
      let answer = "";
      for (let i = 0; i <= 20 && !answer.startsWith("Too many"); i++) {
        answer = await signInOverApi(attacker, `spray-${i}@globex.test`, "password123", {
          "x-forwarded-for": `198.51.100.${i + 1}`,
          "x-real-ip": `198.51.100.${i + 1}`,
        });
        if (!answer.startsWith("Too many")) expect(answer).toBe("Wrong email or password.");
      }
      expect(answer).toMatch(/^Too many failed sign-ins from this address/);
    } finally {
      await attacker.dispose();
    }
  });
});
