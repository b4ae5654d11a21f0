import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { findSandboxAccountByLogin } from "@/server/sandbox/accounts.repo";
import { useSandboxClock } from "@/server/sandbox/clock";
import { handleGithubApi } from "@/server/sandbox/github/github-api";
import { sandboxRoute } from "@/server/sandbox/guard";
import { countSandboxTokenRequests } from "@/server/sandbox/oauth/oauth.service";
import { routeSandboxRequest } from "@/server/sandbox/router";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { pkcePair, REDIRECT_URI, registerTestClient } from "@/server/sandbox/testing/sandbox-fixtures";

const ORIGIN = "http://localhost:3000";

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return routeSandboxRequest(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...headers },
      body: new URLSearchParams(fields),
    }),
  );
}

const getUser = (token?: string) =>
  handleGithubApi(new Request(`${ORIGIN}/sandbox/github/api/user`, { headers: token ? { authorization: `Bearer ${token}` } : {} }), "/user");

async function approve(client: { clientId: string }, options: { decision?: string; challenge?: string } = {}) {
  const account = await findSandboxAccountByLogin("github", SANDBOX_DEMO.github.login);
  const response = await post("/sandbox/oauth/decision", {
    provider: "github",
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: "repo admin:repo_hook",
    state: "state-123",
    code_challenge: options.challenge ?? "",
    code_challenge_method: options.challenge ? "S256" : "",
    account_id: String(account!.id),
    decision: options.decision ?? "approve",
  });
  expect(response.status).toBe(303);
  return new URL(response.headers.get("location")!);
}

describe("sandbox OAuth 2.0 (authorization code + PKCE, refresh rotation)", () => {
  beforeAll(async () => {
    await seedSandbox();
  });
  afterEach(() => useSandboxClock());

  it("goes from consent to code to tokens to an API call, expires after the client's lifetime, and rotates refresh tokens once", async () => {
    const client = await registerTestClient("github", { tokenLifetimeSeconds: 2 });
    const pkce = pkcePair();
    const callback = await approve(client, { challenge: pkce.challenge });
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("state")).toBe("state-123");
    const code = callback.searchParams.get("code")!;

    const exchange = {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce.verifier,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    };
    const tokenResponse = await post("/sandbox/github/login/oauth/access_token", exchange);
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as { access_token: string; refresh_token: string; expires_in: number; token_type: string; scope: string };
    expect(tokens).toMatchObject({ expires_in: 2, token_type: "bearer", scope: "repo,admin:repo_hook" });
    expect(tokens.access_token).toMatch(/^gho_/);

    const me = await getUser(tokens.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ login: SANDBOX_DEMO.github.login });

    // The code is single-use.
    const replay = await post("/sandbox/github/login/oauth/access_token", exchange);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });

    // Two seconds later the access token is dead, with GitHub's 401 body.
    const start = Date.now();
    useSandboxClock(() => new Date(start + 2_500));
    const expired = await getUser(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ message: "Bad credentials" });

    const refreshFields = { grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: client.clientId, client_secret: client.clientSecret };
    const refreshed = (await (await post("/sandbox/github/login/oauth/access_token", refreshFields)).json()) as { access_token: string; refresh_token: string };
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await getUser(refreshed.access_token)).status).toBe(200);

    const reused = await post("/sandbox/github/login/oauth/access_token", refreshFields);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: "invalid_grant" });

    expect(await countSandboxTokenRequests({ clientId: client.clientId })).toBe(4);
    expect(await countSandboxTokenRequests({ clientId: client.clientId, grantType: "refresh_token" })).toBe(2);
    expect(await countSandboxTokenRequests({ clientId: client.clientId, grantType: "refresh_token", outcome: "issued" })).toBe(1);
  });

  it("refuses a wrong code_verifier, a wrong client secret and a missing token", async () => {
    const client = await registerTestClient("github");
    const code = (await approve(client, { challenge: pkcePair().challenge })).searchParams.get("code")!;
    const wrongVerifier = await post("/sandbox/github/login/oauth/access_token", {
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkcePair().verifier,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant" });

    const wrongSecret = await post("/sandbox/github/login/oauth/access_token", { code, client_id: client.clientId, client_secret: "nope" });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: "invalid_client" });

    const anonymous = await getUser();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: "Requires authentication" });
  });

  it("sends the browser back with access_denied when the person denies", async () => {
    const client = await registerTestClient("github");
    const callback = await approve(client, { decision: "deny" });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("state-123");
    expect(callback.searchParams.has("code")).toBe(false);
  });

  it("answers Slack's token exchange in oauth.v2.access's shape, with Basic client authentication", async () => {
    const client = await registerTestClient("slack");
    const account = await findSandboxAccountByLogin("slack", SANDBOX_DEMO.slack.user);
    const decision = await post("/sandbox/oauth/decision", {
      provider: "slack",
      client_id: client.clientId,
      redirect_uri: REDIRECT_URI,
      scope: "chat:write,channels:read",
      state: "x",
      account_id: String(account!.id),
      decision: "approve",
    });
    const code = new URL(decision.headers.get("location")!).searchParams.get("code")!;
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64");
    const response = await post("/sandbox/slack/api/oauth.v2.access", { code, redirect_uri: REDIRECT_URI }, { authorization: `Basic ${basic}` });
    expect(await response.json()).toMatchObject({ ok: true, token_type: "bot", scope: "chat:write,channels:read", team: { id: SANDBOX_DEMO.slack.team } });
  });

  it("answers 404 on every route when the sandbox is disabled", async () => {
    const disabled = sandboxRoute(
      async () => new Response("sandbox"),
      () => false,
    );
    const response = await disabled(new Request(`${ORIGIN}/sandbox/github/api/user`));
    expect(response.status).toBe(404);
  });
});
