import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { sandboxNow } from "@/server/sandbox/clock";
import type { SandboxProvider } from "@/server/sandbox/config";
import {
  consumeAuthorizationCode,
  countTokenRequests,
  findOAuthClient,
  findToken,
  insertAuthorizationCode,
  insertTokens,
  recordTokenRequest,
  revokeRefreshToken,
  upsertOAuthClient,
  type SandboxOAuthClientInput,
} from "@/server/sandbox/oauth/oauth.repo";

const CODE_LIFETIME_MS = 10 * 60 * 1000; // GitHub's: codes expire after ten minutes.
const REFRESH_LIFETIME_SECONDS = 180 * 24 * 3600; // GitHub's: six months.

/** Token prefixes as the real providers issue them, so logs and redaction look familiar. */
const TOKEN_PREFIX: Record<SandboxProvider, { access: string; refresh: string }> = {
  github: { access: "gho_", refresh: "ghr_" },
  zendesk: { access: "", refresh: "" },
  slack: { access: "xoxb-", refresh: "xoxe-1-" },
  // Salesforce access tokens are session ids: the org id, "!", then the session.
  salesforce: { access: "", refresh: "5Aep861" },
  acme: { access: "acme_at_", refresh: "acme_rt_" },
};

export const hashSecret = (value: string) => createHash("sha256").update(value).digest("hex");

/** Registers (or updates) an OAuth app with a simulated provider: seeds, tests and the demo call this. */
export async function ensureSandboxOAuthClient(provider: SandboxProvider, input: SandboxOAuthClientInput) {
  return upsertOAuthClient(provider, input);
}

/**
 * How many times a token endpoint was called, by client and grant. The "exactly one refresh"
 * acceptance test reads it: `countSandboxTokenRequests({ clientId, grantType: "refresh_token" })`.
 */
export function countSandboxTokenRequests(filter: { provider?: SandboxProvider; clientId?: string; grantType?: string; outcome?: string; since?: Date } = {}) {
  return countTokenRequests(filter);
}

export function parseScopes(raw: string | null | undefined): string[] {
  return (raw ?? "").split(/[\s,]+/).filter(Boolean);
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** A problem with the request itself: shown on the page, never redirected (the redirect URI is not trusted yet). */
export type AuthorizeCheck = { ok: true; scopes: string[] } | { ok: false; message: string; redirectError?: string };

export async function checkAuthorizeRequest(provider: SandboxProvider, params: AuthorizeParams): Promise<AuthorizeCheck> {
  if (!params.clientId) return { ok: false, message: "The request has no client_id." };
  const client = await findOAuthClient(provider, params.clientId);
  if (!client) return { ok: false, message: `No ${provider} sandbox OAuth app has the client_id "${params.clientId}".` };
  if (!client.redirectUris.includes(params.redirectUri)) {
    return {
      ok: false,
      message: `The redirect_uri "${params.redirectUri}" is not registered for this app (registered: ${client.redirectUris.join(", ") || "none"}).`,
    };
  }
  // From here on errors go back to the app, as RFC 6749 §4.1.2.1 says.
  if (params.codeChallenge && params.codeChallengeMethod !== "S256") {
    return { ok: false, message: "Only the S256 code_challenge_method is supported.", redirectError: "invalid_request" };
  }
  return { ok: true, scopes: parseScopes(params.scope) };
}

function withQuery(uri: string, values: Record<string, string>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(values)) if (value !== "") url.searchParams.set(key, value);
  return url.href;
}

/** Approves or denies a checked authorization request; answers where to send the browser. */
export async function decideAuthorization(
  provider: SandboxProvider,
  params: AuthorizeParams,
  decision: { approve: boolean; accountId: number },
): Promise<{ redirectTo: string } | { error: string }> {
  const check = await checkAuthorizeRequest(provider, params);
  if (!check.ok && !check.redirectError) return { error: check.message };
  if (!check.ok) return { redirectTo: withQuery(params.redirectUri, { error: check.redirectError!, error_description: check.message, state: params.state }) };
  if (!decision.approve) {
    return { redirectTo: withQuery(params.redirectUri, { error: "access_denied", error_description: "The user denied the request.", state: params.state }) };
  }
  const account = await findSandboxAccount(decision.accountId);
  if (!account || account.provider !== provider) return { error: "Choose a sandbox account to authorize as." };
  const code = randomBytes(20).toString("hex");
  await insertAuthorizationCode({
    codeHash: hashSecret(code),
    clientId: params.clientId,
    accountId: account.id,
    redirectUri: params.redirectUri,
    scopes: check.scopes,
    codeChallenge: params.codeChallenge || null,
    codeChallengeMethod: params.codeChallenge ? "S256" : null,
    expiresAt: new Date(sandboxNow().getTime() + CODE_LIFETIME_MS),
  });
  return { redirectTo: withQuery(params.redirectUri, { code, state: params.state }) };
}

export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
  scopes: string[];
  accountId: number;
  clientId: string;
}

export type TokenOutcome = { ok: true; grant: TokenGrant } | { ok: false; status: number; error: string; description: string };

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(hashSecret(a));
  const right = Buffer.from(hashSecret(b));
  return timingSafeEqual(left, right);
}

function pkceMatches(verifier: string | undefined, challenge: string): boolean {
  if (!verifier) return false;
  return createHash("sha256").update(verifier).digest("base64url") === challenge;
}

const fail = (status: number, error: string, description: string): TokenOutcome => ({ ok: false, status, error, description });

async function issueTokens(provider: SandboxProvider, clientId: string, accountId: number, scopes: string[], lifetimeSeconds: number): Promise<TokenGrant> {
  const now = sandboxNow().getTime();
  const prefix = TOKEN_PREFIX[provider];
  const account = provider === "salesforce" ? await findSandboxAccount(accountId) : null;
  const accessToken = (account?.workspace ? `${account.workspace.slice(0, 15)}!` : prefix.access) + randomBytes(24).toString("base64url");
  const refreshToken = prefix.refresh + randomBytes(32).toString("base64url");
  const base = { provider, clientId, accountId, scopes };
  await insertTokens([
    { ...base, tokenHash: hashSecret(accessToken), kind: "access", expiresAt: new Date(now + lifetimeSeconds * 1000) },
    { ...base, tokenHash: hashSecret(refreshToken), kind: "refresh", expiresAt: new Date(now + REFRESH_LIFETIME_SECONDS * 1000) },
  ]);
  return { accessToken, refreshToken, expiresIn: lifetimeSeconds, refreshExpiresIn: REFRESH_LIFETIME_SECONDS, scopes, accountId, clientId };
}

/** The token endpoint's logic for both grants; every call is counted, whatever its outcome. */
export async function exchangeToken(
  provider: SandboxProvider,
  fields: Record<string, string>,
  basic?: { clientId: string; clientSecret: string },
): Promise<TokenOutcome> {
  const clientId = basic?.clientId ?? fields.client_id ?? "";
  const outcome = await decideTokenRequest(provider, clientId, basic?.clientSecret ?? fields.client_secret ?? "", fields);
  await recordTokenRequest({ provider, clientId: clientId || null, grantType: fields.grant_type ?? null, outcome: outcome.ok ? "issued" : outcome.error });
  return outcome;
}

async function decideTokenRequest(provider: SandboxProvider, clientId: string, clientSecret: string, fields: Record<string, string>): Promise<TokenOutcome> {
  const client = clientId ? await findOAuthClient(provider, clientId) : null;
  if (!client || !sameSecret(client.clientSecret, clientSecret)) return fail(401, "invalid_client", "The client_id and/or client_secret passed are incorrect.");
  const now = sandboxNow();
  // GitHub and Slack take a code without grant_type; the others require it, as RFC 6749 does.
  const grantType = fields.grant_type ?? ((provider === "github" || provider === "slack") && fields.code ? "authorization_code" : "");
  if (grantType === "authorization_code") {
    if (!fields.code) return fail(400, "invalid_request", "The code parameter is missing.");
    const code = await consumeAuthorizationCode(hashSecret(fields.code), now);
    if (!code || code.clientId !== client.clientId) return fail(400, "invalid_grant", "The code passed is incorrect, expired or was already used.");
    if (code.expiresAt <= now) return fail(400, "invalid_grant", "The code passed has expired.");
    if ((fields.redirect_uri ?? code.redirectUri) !== code.redirectUri)
      return fail(400, "invalid_grant", "The redirect_uri does not match the one the code was issued for.");
    if (code.codeChallenge && !pkceMatches(fields.code_verifier, code.codeChallenge)) {
      return fail(400, "invalid_grant", "The code_verifier does not match the code_challenge.");
    }
    return { ok: true, grant: await issueTokens(provider, client.clientId, code.accountId, code.scopes, client.tokenLifetimeSeconds) };
  }
  if (grantType === "refresh_token") {
    if (!fields.refresh_token) return fail(400, "invalid_request", "The refresh_token parameter is missing.");
    const hash = hashSecret(fields.refresh_token);
    const token = await findToken(hash);
    const usable =
      token && token.kind === "refresh" && token.provider === provider && token.clientId === client.clientId && (!token.expiresAt || token.expiresAt > now);
    if (!usable || !(await revokeRefreshToken(hash, now)))
      return fail(400, "invalid_grant", "The refresh token passed is incorrect, expired or was already used.");
    return { ok: true, grant: await issueTokens(provider, client.clientId, token.accountId, token.scopes, client.tokenLifetimeSeconds) };
  }
  return fail(400, "unsupported_grant_type", `grant_type must be authorization_code or refresh_token (got "${grantType}").`);
}

export type AccessCheck = { ok: true; accountId: number; clientId: string; scopes: string[] } | { ok: false; reason: "missing" | "invalid" | "expired" };

/** Resolves a bearer token to the account it acts for. */
export async function authenticateAccessToken(provider: SandboxProvider, token: string | undefined): Promise<AccessCheck> {
  if (!token) return { ok: false, reason: "missing" };
  const row = await findToken(hashSecret(token));
  if (row?.kind !== "access" || row.provider !== provider || row.revokedAt) return { ok: false, reason: "invalid" };
  if (row.expiresAt && row.expiresAt <= sandboxNow()) return { ok: false, reason: "expired" };
  return { ok: true, accountId: row.accountId, clientId: row.clientId, scopes: row.scopes };
}
