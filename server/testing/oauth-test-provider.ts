/**
 * A standard OAuth 2.0 provider on 127.0.0.1 for tests: authorize redirect, token endpoint with
 * PKCE (S256) verification, rotating refresh tokens, `invalid_grant`, and a `/user` endpoint for
 * account labels. It keeps counts so tests can assert what the platform actually sent.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson, startLocalServer, type LocalServer, type ReceivedRequest } from "@/server/connectors/testing/local-server";

export interface TestOAuthProvider extends LocalServer {
  clientId: string;
  clientSecret: string;
  /** Seconds a new access token lives. */
  tokenLifetime: number;
  /** How the next authorize request is answered. */
  decision: "approve" | "deny";
  /** Slows refreshes down so concurrent callers overlap. */
  refreshDelayMs: number;
  /** Called when a refresh request arrives, before it is answered (tests simulate other writers here). */
  onRefresh?: (refreshToken: string) => Promise<void>;
  refreshCount: number;
  /** The account was locked or the app's access withdrawn: its API answers 401 to every token, new ones too. */
  refusesAllTokens: boolean;
  /** Requests to `/user`, the provider's API. */
  apiCalls: number;
  /** Access token → account login. */
  accessTokens: Map<string, string>;
  /** Live refresh tokens; rotation removes the old one. */
  refreshTokens: Set<string>;
  issue(login?: string): { access_token: string; refresh_token: string; expires_in: number; token_type: string; scope: string };
}

const token = (prefix: string) => `${prefix}_${randomBytes(16).toString("hex")}`;

export async function startTestOAuthProvider(): Promise<TestOAuthProvider> {
  const codes = new Map<string, { redirectUri: string; challenge?: string }>();
  let provider!: TestOAuthProvider;

  function issue(login = "octocat") {
    const access = token("access");
    const refresh = token("refresh");
    provider.accessTokens.set(access, login);
    provider.refreshTokens.add(refresh);
    return { access_token: access, refresh_token: refresh, expires_in: provider.tokenLifetime, token_type: "bearer", scope: "repo,read:user" };
  }

  async function tokenEndpoint(request: ReceivedRequest, response: ServerResponse) {
    const form = new URLSearchParams(request.body);
    if (form.get("client_id") !== provider.clientId || form.get("client_secret") !== provider.clientSecret)
      return sendJson(response, 401, { error: "invalid_client" });
    const grant = form.get("grant_type");
    if (grant === "authorization_code") {
      const code = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!code || code.redirectUri !== form.get("redirect_uri"))
        return sendJson(response, 400, { error: "invalid_grant", error_description: "The code is unknown or was used." });
      const verifier = form.get("code_verifier") ?? "";
      if (code.challenge && createHash("sha256").update(verifier).digest("base64url") !== code.challenge) {
        return sendJson(response, 400, { error: "invalid_grant", error_description: "PKCE verification failed." });
      }
      return sendJson(response, 200, issue());
    }
    if (grant === "refresh_token") {
      const presented = form.get("refresh_token") ?? "";
      provider.refreshCount += 1;
      await provider.onRefresh?.(presented);
      await new Promise((resolve) => setTimeout(resolve, provider.refreshDelayMs));
      if (!provider.refreshTokens.delete(presented))
        return sendJson(response, 400, { error: "invalid_grant", error_description: "The refresh token is invalid." });
      return sendJson(response, 200, issue());
    }
    if (grant === "client_credentials") return sendJson(response, 200, { ...issue("service-account"), refresh_token: undefined });
    return sendJson(response, 400, { error: "unsupported_grant_type" });
  }

  const server = await startLocalServer(async (request, response) => {
    const url = new URL(request.url, "http://provider.test");
    if (url.pathname === "/authorize") {
      const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
      redirect.searchParams.set("state", url.searchParams.get("state") ?? "");
      if (provider.decision === "deny") {
        redirect.searchParams.set("error", "access_denied");
      } else {
        const code = token("code");
        codes.set(code, { redirectUri: url.searchParams.get("redirect_uri") ?? "", challenge: url.searchParams.get("code_challenge") ?? undefined });
        redirect.searchParams.set("code", code);
      }
      response.writeHead(302, { location: redirect.href });
      return response.end();
    }
    if (url.pathname === "/token" && request.method === "POST") return tokenEndpoint(request, response);
    if (url.pathname === "/user") {
      provider.apiCalls += 1;
      if (provider.refusesAllTokens) return sendJson(response, 401, { message: "Bad credentials" });
      const login = provider.accessTokens.get((request.headers.authorization ?? "").replace(/^Bearer /, ""));
      return login ? sendJson(response, 200, { login }) : sendJson(response, 401, { message: "Bad credentials" });
    }
    sendJson(response, 404, { message: "Not Found" });
  });

  provider = Object.assign(server, {
    clientId: "test-client",
    clientSecret: `secret-${randomBytes(8).toString("hex")}`,
    tokenLifetime: 3600,
    decision: "approve" as const,
    refreshDelayMs: 0,
    refreshCount: 0,
    refusesAllTokens: false,
    apiCalls: 0,
    accessTokens: new Map<string, string>(),
    refreshTokens: new Set<string>(),
    issue,
  }) as TestOAuthProvider;
  return provider;
}
