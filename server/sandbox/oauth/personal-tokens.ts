/**
 * Tokens a person creates in a provider's settings rather than through an OAuth app: GitHub
 * personal access tokens (Settings → Developer settings), Slack bot tokens (an app's "OAuth &
 * Permissions" page, after installing it to a workspace) and Zendesk API tokens (Admin Center →
 * Zendesk API). The sandbox mints them here — from its pages or from `POST /sandbox/<provider>/tokens`
 * for scripts — and its APIs accept them as the real services do: GitHub and Slack as bearer
 * tokens, Zendesk as basic auth `{agent email}/token:{token}`. They are stored hashed beside OAuth
 * access tokens, under a pseudo client id, and do not expire.
 */
import { randomBytes } from "node:crypto";

import { findSandboxAccount, findSandboxAccountByLogin } from "@/server/sandbox/accounts.repo";
import { sandboxNow } from "@/server/sandbox/clock";
import type { SandboxProvider } from "@/server/sandbox/config";
import { findToken, insertTokens, revokeAccessToken } from "@/server/sandbox/oauth/oauth.repo";
import { hashSecret } from "@/server/sandbox/oauth/oauth.service";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";

/** Providers whose settings pages mint tokens (Salesforce has none: integrations sign in with OAuth). */
export type PersonalTokenProvider = Exclude<SandboxProvider, "salesforce">;

/** The pseudo client each kind of personal token is filed under (never a registered OAuth app). */
export const PERSONAL_TOKEN_CLIENT: Record<PersonalTokenProvider, string> = {
  github: "personal-access-token",
  slack: "bot-token",
  zendesk: "api-token",
  acme: "api-key",
};

const DEFAULT_SCOPES: Record<PersonalTokenProvider, string[]> = {
  github: ["repo", "admin:repo_hook"],
  slack: ["chat:write", "channels:read", "channels:history"],
  zendesk: [],
  acme: [],
};

function newToken(provider: PersonalTokenProvider): string {
  if (provider === "github") return `ghp_${randomBytes(27).toString("base64url").replace(/[-_]/g, "0").slice(0, 36)}`;
  if (provider === "slack") return `xoxb-${Date.now()}-${randomBytes(6).readUIntBE(0, 6)}-${randomBytes(18).toString("base64url").replace(/[-_]/g, "0")}`;
  if (provider === "acme") return `acme_live_${randomBytes(24).toString("base64url").replace(/[-_]/g, "0")}`;
  return randomBytes(30).toString("base64url").replace(/[-_]/g, "0").slice(0, 40);
}

export interface MintedToken {
  token: string;
  provider: PersonalTokenProvider;
  /** Who the token acts as: a GitHub login, a Slack member, a Zendesk agent's email. */
  login: string;
  scopes: string[];
}

export class SandboxTokenError extends Error {}

/** Defaults to the demo account: `octo-demo`, Slack's `demo` in the Acme workspace, Zendesk's agent, Acme's admin. */
function defaultLogin(provider: PersonalTokenProvider): string {
  if (provider === "github") return SANDBOX_DEMO.github.login;
  if (provider === "slack") return SANDBOX_DEMO.slack.user;
  if (provider === "acme") return SANDBOX_DEMO.acme.admin;
  return SANDBOX_DEMO.zendesk.agent;
}

export async function mintPersonalToken(provider: PersonalTokenProvider, input: { login?: string; scopes?: string[] } = {}): Promise<MintedToken> {
  const login = input.login?.trim() || defaultLogin(provider);
  const account = await findSandboxAccountByLogin(provider, login);
  if (!account) throw new SandboxTokenError(`There is no ${provider} sandbox account "${login}".`);
  // Zendesk API tokens belong to the account (subdomain) and only agents may use them.
  if (provider === "zendesk" && account.role !== "agent") throw new SandboxTokenError(`"${login}" is not an agent; only agents use API tokens.`);
  const scopes = input.scopes && input.scopes.length > 0 ? input.scopes : DEFAULT_SCOPES[provider];
  const token = newToken(provider);
  await insertTokens([
    { tokenHash: hashSecret(token), kind: "access", provider, clientId: PERSONAL_TOKEN_CLIENT[provider], accountId: account.id, scopes, expiresAt: null },
  ]);
  return { token, provider, login: account.login, scopes };
}

/** Deletes a token as a person would in the provider's settings: every later call with it is refused as the provider refuses a revoked token. */
export async function revokePersonalToken(provider: SandboxProvider, token: string): Promise<boolean> {
  return revokeAccessToken(provider, hashSecret(token), sandboxNow());
}

/**
 * Zendesk's API token scheme: `Authorization: Basic base64("{email}/token:{token}")`. The token
 * belongs to the subdomain; the email names the agent the request acts as.
 */
export async function authenticateZendeskApiToken(
  authorization: string | null,
): Promise<{ ok: true; accountId: number } | { ok: false; reason: "missing" | "invalid" }> {
  const match = /^basic\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return { ok: false, reason: "missing" };
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  const user = separator < 0 ? "" : decoded.slice(0, separator);
  if (!user.endsWith("/token")) return { ok: false, reason: "invalid" };
  const row = await findToken(hashSecret(decoded.slice(separator + 1)));
  if (row?.provider !== "zendesk" || row.clientId !== PERSONAL_TOKEN_CLIENT.zendesk || row.revokedAt) return { ok: false, reason: "invalid" };
  if (row.expiresAt && row.expiresAt <= sandboxNow()) return { ok: false, reason: "invalid" };
  const owner = await findSandboxAccount(row.accountId);
  const agent = await findSandboxAccountByLogin("zendesk", user.slice(0, -"/token".length));
  if (!owner || !agent || agent.workspace !== owner.workspace || agent.role !== "agent") return { ok: false, reason: "invalid" };
  return { ok: true, accountId: agent.id };
}
