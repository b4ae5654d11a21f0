/** Request → Response for `GET /api/oauth/start` and `GET /api/oauth/callback`. */
import { randomBytes } from "node:crypto";
import { isAppError } from "@/server/errors";
import { BASE_SECURITY_HEADERS } from "@/server/http/security-headers";
import { logger } from "@/server/logger";
import { callbackCookieName } from "./oauth-attempt";
import { completeOAuth, startOAuth, type OAuthResult } from "./oauth-flow.service";
import { renderOAuthResultPage } from "./oauth-result-page";
import type { OAuthSettings } from "./oauth-settings";

const COOKIE_PATH = "/api/oauth/callback";

function readCookies(request: Request): (name: string) => string | undefined {
  const jar = new Map<string, string>();
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) jar.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return (name) => jar.get(name);
}

function cookieHeader(settings: OAuthSettings, name: string, value: string, maxAgeSeconds: number): string {
  // Lax: the provider's redirect back is a top-level GET, which Lax cookies accompany; HttpOnly: no script needs it.
  const secure = settings.publicUrl.startsWith("https:") ? "; Secure" : "";
  return `${name}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

/**
 * The headers of every OAuth answer, kept out of next.config.ts's (which would replace them): the
 * callback URL carries the code and state, so no Referer ever leaves with it; nothing but the
 * page's own nonce runs, and the page is never framed.
 */
function oauthHeaders(nonce: string): Record<string, string> {
  return {
    ...Object.fromEntries(BASE_SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value])),
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "content-security-policy": `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    "x-frame-options": "DENY",
  };
}

function resultPage(result: OAuthResult, settings: OAuthSettings, status: number, extraHeaders: Record<string, string> = {}): Response {
  const nonce = randomBytes(16).toString("base64");
  const html = renderOAuthResultPage(result, { appOrigin: new URL(settings.publicUrl).origin, nonce });
  return new Response(html, { status, headers: { ...oauthHeaders(nonce), "content-type": "text/html; charset=utf-8", ...extraHeaders } });
}

export async function handleOAuthStart(request: Request, settings: OAuthSettings): Promise<Response> {
  try {
    const started = await startOAuth(new URL(request.url).searchParams.get("attempt"), settings);
    return new Response(null, {
      status: 302,
      headers: {
        ...oauthHeaders(randomBytes(16).toString("base64")),
        location: started.redirectTo,
        "set-cookie": cookieHeader(settings, started.cookie.name, started.cookie.value, started.cookie.maxAgeSeconds),
      },
    });
  } catch (error) {
    if (isAppError(error)) return resultPage({ ok: false, error: error.message }, settings, error.status);
    logger().error({ reason: (error as Error).message }, "OAuth start failed");
    return resultPage({ ok: false, error: "Something went wrong on our side. It has been logged." }, settings, 500);
  }
}

export async function handleOAuthCallback(request: Request, settings: OAuthSettings): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const result = await completeOAuth(query, readCookies(request), settings);
  const state = query.get("state") ?? "";
  // The attempt is over whatever happened: clear its cookie so the callback cannot be replayed in this browser.
  // Only for a state shaped like ours: it comes from the URL and goes into a header.
  const clear = /^[A-Za-z0-9_-]{16,}$/.test(state) ? { "set-cookie": cookieHeader(settings, callbackCookieName(state), "", 0) } : undefined;
  return resultPage(result, settings, result.ok ? 200 : 400, clear);
}
