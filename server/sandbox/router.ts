import { handleAcmeApi } from "@/server/sandbox/acme/acme-api";
import { handleGithubApi } from "@/server/sandbox/github/github-api";
import { handleAuthorizationDecision } from "@/server/sandbox/oauth/decision";
import { handlePersonalTokenRequest } from "@/server/sandbox/oauth/personal-token-endpoint";
import type { PersonalTokenProvider } from "@/server/sandbox/oauth/personal-tokens";
import { handleSalesforceApi } from "@/server/sandbox/salesforce/salesforce-api";
import { handleTokenRequest } from "@/server/sandbox/oauth/token-endpoint";
import { handleSlackApi } from "@/server/sandbox/slack/slack-api";
import { handleZendeskApi } from "@/server/sandbox/zendesk/zendesk-api";

/**
 * Every machine-facing /sandbox endpoint by path: the API surfaces, token endpoints and the consent
 * form target. The app's route handlers call the same functions one by one; this table lets a test
 * serve them all from one plain Node server (connectors then reach it through a network allowance).
 */
const table: Array<[RegExp, (request: Request, match: RegExpExecArray) => Promise<Response>]> = [
  [/^\/sandbox\/github\/api(\/.*)$/, (request, m) => handleGithubApi(request, m[1])],
  [/^\/sandbox\/github\/login\/oauth\/access_token$/, (request) => handleTokenRequest("github", request)],
  [/^\/sandbox\/zendesk\/api\/v2(\/.*)$/, (request, m) => handleZendeskApi(request, m[1])],
  [/^\/sandbox\/zendesk\/oauth\/tokens$/, (request) => handleTokenRequest("zendesk", request)],
  [/^\/sandbox\/slack\/api\/([\w.]+)$/, (request, m) => handleSlackApi(request, m[1])],
  [/^\/sandbox\/salesforce\/services\/oauth2\/token$/, (request) => handleTokenRequest("salesforce", request)],
  [/^\/sandbox\/salesforce(\/services\/.*)$/, (request, m) => handleSalesforceApi(request, m[1])],
  [/^\/sandbox\/acme\/oauth\/token$/, (request) => handleTokenRequest("acme", request)],
  [/^\/sandbox\/acme\/api\/v1(\/.*)?$/, (request, m) => handleAcmeApi(request, m[1] ?? "/")],
  [/^\/sandbox\/oauth\/decision$/, (request) => handleAuthorizationDecision(request)],
  [/^\/sandbox\/(github|slack|zendesk|acme)\/tokens$/, (request, m) => handlePersonalTokenRequest(m[1] as PersonalTokenProvider, request)],
];

export async function routeSandboxRequest(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  for (const [pattern, handle] of table) {
    const match = pattern.exec(path);
    if (match) return handle(request, match);
  }
  return new Response("Not Found", { status: 404 });
}
