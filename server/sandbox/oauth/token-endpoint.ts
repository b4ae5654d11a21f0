import { createHmac } from "node:crypto";

import { findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { sandboxNow } from "@/server/sandbox/clock";
import { runtimeConfig } from "@/server/env";
import { sandboxBaseUrl, type SandboxProvider } from "@/server/sandbox/config";
import { findOAuthClient } from "@/server/sandbox/oauth/oauth.repo";
import { salesforceUserId } from "@/server/sandbox/salesforce/salesforce-ids";
import { jsonResponse, readFields } from "@/server/sandbox/http";
import { exchangeToken, type TokenGrant } from "@/server/sandbox/oauth/oauth.service";
import { slackBotId, slackTeamName, slackUserId } from "@/server/sandbox/slack/slack-ids";

function basicCredentials(request: Request): { clientId: string; clientSecret: string } | undefined {
  const match = /^basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
}

async function grantBody(provider: SandboxProvider, grant: TokenGrant): Promise<Record<string, unknown>> {
  const common = { access_token: grant.accessToken, refresh_token: grant.refreshToken, expires_in: grant.expiresIn };
  if (provider === "github") {
    return { ...common, refresh_token_expires_in: grant.refreshExpiresIn, token_type: "bearer", scope: grant.scopes.join(",") };
  }
  if (provider === "zendesk" || provider === "acme")
    return { ...common, refresh_token_expires_in: grant.refreshExpiresIn, token_type: "bearer", scope: grant.scopes.join(" ") };
  if (provider === "salesforce") return salesforceGrantBody(grant);
  const account = await findSandboxAccount(grant.accountId);
  const team = account?.workspace ?? "";
  // oauth.v2.access with token rotation on: a bot token, the installing user, the team.
  return {
    ok: true,
    app_id: `A${grant.clientId
      .replace(/[^A-Za-z0-9]/g, "")
      .slice(0, 10)
      .toUpperCase()}`,
    authed_user: { id: account ? slackUserId(account.id) : "" },
    scope: grant.scopes.join(","),
    token_type: "bot",
    ...common,
    bot_user_id: slackBotId(grant.clientId).replace(/^B/, "U"),
    team: { id: team, name: slackTeamName(team) },
    enterprise: null,
    is_enterprise_install: false,
  };
}

/**
 * Salesforce's answer: no `expires_in` (a session lasts as long as the org's settings say), the
 * org's `instance_url` every API call goes to, the identity URL naming org and user, and a
 * `signature` over the identity URL and `issued_at` keyed with the client secret.
 */
async function salesforceGrantBody(grant: TokenGrant): Promise<Record<string, unknown>> {
  const account = await findSandboxAccount(grant.accountId);
  const orgId = account?.workspace ?? "";
  const issuedAt = String(sandboxNow().getTime());
  const id = `${sandboxBaseUrl("salesforce")}/id/${orgId}/${account ? salesforceUserId(account.id) : ""}`;
  const client = await findOAuthClient("salesforce", grant.clientId);
  const signature = createHmac("sha256", client?.clientSecret ?? "")
    .update(id + issuedAt)
    .digest("base64");
  return {
    access_token: grant.accessToken,
    refresh_token: grant.refreshToken,
    signature,
    scope: grant.scopes.join(" "),
    // The org's instance is this very server, where the app's public URL says it is.
    instance_url: `${runtimeConfig().publicUrl.replace(/\/+$/, "")}/sandbox/salesforce`,
    id,
    token_type: "Bearer",
    issued_at: issuedAt,
  };
}

/**
 * The token endpoint of each simulated provider (GitHub's /login/oauth/access_token, Zendesk's
 * /oauth/tokens, Slack's oauth.v2.access). Errors follow RFC 6749 (400/401 with `error`), which
 * is what generic OAuth clients handle; GitHub's form-encoded answer is kept for clients that do
 * not ask for JSON, as GitHub does.
 */
export async function handleTokenRequest(provider: SandboxProvider, request: Request): Promise<Response> {
  if (request.method !== "POST") return jsonResponse(405, { error: "invalid_request", error_description: "Use POST." });
  const fields = await readFields(request);
  const outcome = await exchangeToken(provider, fields, basicCredentials(request));
  const headers = { "cache-control": "no-store" };
  const body = outcome.ok
    ? await grantBody(provider, outcome.grant)
    : { ...(provider === "slack" ? { ok: false } : {}), error: outcome.error, error_description: outcome.description };
  const status = outcome.ok ? 200 : outcome.status;
  const wantsJson = provider !== "github" || (request.headers.get("accept") ?? "").includes("json");
  if (wantsJson) return jsonResponse(status, body, headers);
  const form = new URLSearchParams(Object.entries(body).map(([key, value]) => [key, String(value)]));
  return new Response(form.toString(), { status, headers: { ...headers, "content-type": "application/x-www-form-urlencoded; charset=utf-8" } });
}
