import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { createConnectionResolver } from "./connection-resolver";
import { oauthScenario, TEST_PUBLIC_URL, testOAuthSettings } from "@/server/testing/oauth-test-fixtures";
import { beginOAuth } from "./oauth-begin.service";
import { callBack, connectThroughPopup, openPopup, runResultPage } from "@/server/testing/oauth-test-popup";
import { startTestOAuthProvider, type TestOAuthProvider } from "@/server/testing/oauth-test-provider";
import { handleOAuthStart } from "./oauth-routes";

let provider: TestOAuthProvider;
const settings = testOAuthSettings();

beforeAll(async () => {
  provider = await startTestOAuthProvider();
});
afterAll(() => provider.close());
afterEach(() => {
  provider.decision = "approve";
  vi.useRealTimers();
});

async function scenario() {
  const s = await oauthScenario(provider);
  return { ...s, scope: { organizationId: s.organization.id, customerId: s.customer.id } };
}

describe("OAuth connect popup", () => {
  it("connects: PKCE start redirect, code exchange, tokens sealed, result posted to the wizard", async () => {
    const { scope, instance } = await scenario();
    const popup = await connectThroughPopup(scope, { connector: "hub", key: "github", instanceId: instance.id }, settings);

    // The start link carries no embed token, only the sealed attempt.
    expect(new URL(popup.startUrl).searchParams.get("attempt")).toMatch(/^Fe26\.2\*/);
    const authorize = popup.authorizeUrl;
    expect(authorize.origin + authorize.pathname).toBe(`${provider.origin}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: provider.clientId,
      redirect_uri: `${TEST_PUBLIC_URL}/api/oauth/callback`,
      scope: "repo read:user",
      code_challenge_method: "S256",
    });
    expect(authorize.searchParams.get("state")).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(popup.start.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax; Secure$/);
    expect(popup.start.headers.get("set-cookie")).toContain("Path=/api/oauth/callback");

    expect(popup.response.status).toBe(200);
    expect(popup.page.posted).toEqual([
      { message: { source: "switchyard-oauth", ok: true, connectionId: expect.any(String), accountLabel: "octocat" }, targetOrigin: TEST_PUBLIC_URL },
    ]);
    expect(popup.page.closed).toBe(true);
    expect(popup.html).toContain("Connected Hub as octocat.");
    // The callback clears its cookie, so this browser cannot replay it.
    expect(popup.response.headers.get("set-cookie")).toMatch(/Max-Age=0/);

    const row = await db().connection.findUniqueOrThrow({ where: { id: popup.message!.connectionId as string } });
    expect(row).toMatchObject({ instanceId: instance.id, key: "github", connector: "hub", authKind: "oauth2", accountLabel: "octocat", status: "active" });
    const [access] = [...provider.accessTokens.keys()].filter((t) => provider.accessTokens.get(t) === "octocat").slice(-1);
    expect(row.credentialsEncrypted).not.toContain(access);
    expect(row.credentialsEncrypted).not.toContain("refresh_");
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);

    // The action gets the token and the OAuth app's API base URL (the sandbox override, here the test provider).
    const resolved = await createConnectionResolver(settings).resolveInstanceConnection(scope.organizationId, instance.id, "github");
    expect(resolved).toEqual({
      connector: "hub",
      auth: { kind: "oauth2", accessToken: access, tokenType: "bearer" },
      accountLabel: "octocat",
      baseUrl: provider.origin,
      stored: { id: expect.any(String), pausedUntil: null },
    });
  });

  it("says so when the customer declines at the provider", async () => {
    const { scope } = await scenario();
    provider.decision = "deny";
    const popup = await connectThroughPopup(scope, { connector: "hub", key: "github" }, settings);
    expect(popup.response.status).toBe(400);
    expect(popup.message).toEqual({ source: "switchyard-oauth", ok: false, error: expect.stringContaining("You declined access, so Hub was not connected.") });
    expect(await db().connection.count({ where: { customerId: scope.customerId } })).toBe(0);
  });

  it("refuses a tampered state, a replayed callback and a reused start link with a readable page", async () => {
    const { scope } = await scenario();
    const steps = await openPopup(scope, { connector: "hub", key: "github" }, settings);

    const tampered = new URL(steps.callbackUrl);
    const state = tampered.searchParams.get("state")!;
    tampered.searchParams.set("state", `${state.slice(0, 20)}${state.at(20) === "A" ? "B" : "A"}${state.slice(21)}`);
    const refused = await callBack(tampered, steps.cookie, settings);
    expect(refused.response.status).toBe(400);
    expect(refused.page.posted[0].message).toMatchObject({ ok: false, error: expect.stringContaining("does not match the sign-in that was started") });
    expect(refused.html).not.toMatch(/at .*\.ts:\d+/);

    const completed = await callBack(steps.callbackUrl, steps.cookie, settings);
    expect(completed.page.posted[0].message).toMatchObject({ ok: true });
    const replayed = await callBack(steps.callbackUrl, steps.cookie, settings);
    expect(replayed.page.posted[0].message).toMatchObject({ ok: false, error: expect.stringContaining("already completed") });
    // Without the cookie (another browser, or after it was cleared) the response is not trusted either.
    const elsewhere = await callBack(steps.callbackUrl, undefined, settings);
    expect(elsewhere.page.posted[0].message).toMatchObject({ ok: false, error: expect.stringContaining("started in another browser") });
    expect(await db().connection.count({ where: { customerId: scope.customerId } })).toBe(1);

    const again = await handleOAuthStart(new Request(steps.startUrl), settings);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("This connect link was already used.");
  });

  it("refuses a state or start link older than ten minutes", async () => {
    const { scope } = await scenario();
    const steps = await openPopup(scope, { connector: "hub", key: "github" }, settings);
    const { startUrl } = await beginOAuth(scope, { connector: "hub", key: "github" }, settings);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10 * 60_000 + 1000 });
    const late = await callBack(steps.callbackUrl, steps.cookie, settings);
    expect(late.page.posted[0].message).toMatchObject({ ok: false, error: expect.stringContaining("This sign-in has expired") });
    const lateStart = await handleOAuthStart(new Request(startUrl), settings);
    expect(lateStart.status).toBe(400);
    expect(await lateStart.text()).toContain("This connect link is invalid or has expired.");
  });

  it("explains a code the provider refuses, and shows the message in the popup when there is no opener", async () => {
    const { scope } = await scenario();
    const steps = await openPopup(scope, { connector: "hub", key: "github" }, settings);
    const badCode = new URL(steps.callbackUrl);
    badCode.searchParams.set("code", "code_forged");
    const result = await callBack(badCode, steps.cookie, settings);
    expect(result.page.posted[0].message).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Hub did not accept the sign-in \(invalid_grant: The code is unknown or was used\.\)/),
    });

    const alone = runResultPage(result.html, { withOpener: false });
    expect(alone).toMatchObject({ posted: [], closed: false, noOpenerNoticeShown: true });
    expect(result.html).toContain("Go back to the window where you clicked Connect");
  });
});
