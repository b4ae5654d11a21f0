/**
 * The popup's two requests. `startOAuth` turns a start link into a redirect to the provider plus
 * the callback cookie; `completeOAuth` checks the state against that cookie, exchanges the code
 * (with the PKCE verifier) and stores the connection. Every failure becomes a sentence a customer
 * can act on; nothing from a token response or a stack trace reaches the page.
 */
import { randomToken, safeEqual } from "@/server/crypto/tokens";
import { NonRetryableError, RetryableError } from "@/server/engine/errors";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { oauthClientFor } from "@/server/modules/oauth-apps/oauth-apps.service";
import { labelAccount } from "./label-account";
import { callbackCookieName, newPkce, openAttempt, openCallbackCookie, sealCallbackCookie, type CallbackCookie } from "./oauth-attempt";
import { authorizationCodeConnector, type AuthorizationCodeConnector } from "./oauth-begin.service";
import { callbackUrl, type OAuthSettings } from "./oauth-settings";
import { claimOnce } from "./single-use.repo";
import { storeConnection } from "./store-connection";
import { expiryOf, OAuthTokenError, requestToken } from "./token-endpoint";

const TRY_AGAIN = "Close this window and click Connect again.";

export type OAuthResult = { ok: true; connectionId: string; accountLabel?: string; connectorName: string } | { ok: false; error: string };

export interface StartResult {
  redirectTo: string;
  cookie: { name: string; value: string; maxAgeSeconds: number };
}

export async function startOAuth(sealedAttempt: string | null, settings: OAuthSettings): Promise<StartResult> {
  const attempt = sealedAttempt ? await openAttempt(sealedAttempt) : null;
  if (!attempt) throw new AppError("BAD_REQUEST", `This connect link is invalid or has expired. ${TRY_AGAIN}`);
  if (!(await claimOnce("oauth-start", attempt.id, attempt.expiresAt))) throw new AppError("CONFLICT", `This connect link was already used. ${TRY_AGAIN}`);
  const connector = authorizationCodeConnector(settings, attempt.connector);
  const client = await oauthClientFor(attempt.organizationId, connector);
  if (!client?.authorizeUrl)
    throw new AppError("UNPROCESSABLE_CONTENT", `${connector.name} is not set up for signing in any more. Ask the vendor to check its OAuth app.`);

  const state = randomToken(32);
  const { codeVerifier, codeChallenge } = newPkce();
  const authorize = new URL(client.authorizeUrl);
  for (const [name, value] of Object.entries(connector.auth.authorizeParams ?? {})) authorize.searchParams.set(name, value);
  authorize.searchParams.set("response_type", "code");
  authorize.searchParams.set("client_id", client.clientId);
  authorize.searchParams.set("redirect_uri", callbackUrl(settings));
  if (client.scopes.length > 0) authorize.searchParams.set("scope", client.scopes.join(" "));
  authorize.searchParams.set("state", state);
  if (connector.auth.pkce !== false) {
    authorize.searchParams.set("code_challenge", codeChallenge);
    authorize.searchParams.set("code_challenge_method", "S256");
  }
  const value = await sealCallbackCookie({ attempt, state, codeVerifier });
  return {
    redirectTo: authorize.href,
    cookie: { name: callbackCookieName(state), value, maxAgeSeconds: Math.ceil((attempt.expiresAt - Date.now()) / 1000) },
  };
}

function providerErrorMessage(name: string, error: string, description: string | null): string {
  if (error === "access_denied") return `You declined access, so ${name} was not connected. ${TRY_AGAIN.replace("Close", "To try again, close")}`;
  const detail = description ? `: ${description.slice(0, 200)}` : "";
  return `${name} reported an error (${error.slice(0, 60)}${detail}). ${TRY_AGAIN}`;
}

/** Checks what came back against the cookie; answers the cookie or why the response is refused. */
async function checkState(query: URLSearchParams, readCookie: (name: string) => string | undefined): Promise<CallbackCookie | string> {
  const state = query.get("state");
  if (!state) return `The response from the provider has no state, so it cannot be trusted. ${TRY_AGAIN}`;
  const sealed = readCookie(callbackCookieName(state));
  const cookie = sealed ? await openCallbackCookie(sealed) : null;
  if (!cookie) return `This sign-in has expired, was already completed, or was started in another browser. ${TRY_AGAIN}`;
  if (!safeEqual(cookie.state, state)) return `The response from the provider does not match the sign-in that was started. ${TRY_AGAIN}`;
  if (!(await claimOnce("oauth-callback", state, cookie.attempt.expiresAt))) return `This sign-in was already completed. ${TRY_AGAIN}`;
  return cookie;
}

async function exchangeAndStore(cookie: CallbackCookie, code: string, connector: AuthorizationCodeConnector, settings: OAuthSettings): Promise<OAuthResult> {
  const { attempt } = cookie;
  const client = await oauthClientFor(attempt.organizationId, connector);
  if (!client) return { ok: false, error: `${connector.name} is not set up for signing in any more. Ask the vendor to check its OAuth app.` };
  const network = await settings.network(attempt.organizationId);
  const now = (settings.now ?? (() => new Date()))();
  const tokens = await requestToken(
    client,
    {
      grant_type: "authorization_code",
      code,
      redirect_uri: callbackUrl(settings),
      code_verifier: connector.auth.pkce === false ? undefined : cookie.codeVerifier,
    },
    { network, providerName: connector.name, http: settings.http },
  );
  const auth = { kind: "oauth2" as const, accessToken: tokens.accessToken, ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}) };
  // Salesforce names the org's instance in the token answer; the API lives there.
  const apiBaseUrl = (connector.auth.apiBaseFromToken && tokens.instanceUrl) || client.apiBaseUrl;
  const accountLabel = await labelAccount(connector, auth, apiBaseUrl, network, settings.http);
  const saved = await storeConnection({
    ...attempt,
    accountLabel,
    stored: {
      ...auth,
      grant: "authorization_code",
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      scopes: tokens.scopes ?? client.scopes,
      ...(apiBaseUrl ? { baseUrl: apiBaseUrl } : {}),
    },
    expiresAt: expiryOf(tokens, now, connector.auth.assumedTokenLifetimeSeconds),
  });
  return { ok: true, connectionId: saved.id, connectorName: connector.name, ...(accountLabel ? { accountLabel } : {}) };
}

function failureMessage(error: unknown, name: string): string {
  if (error instanceof OAuthTokenError) {
    return `${name} did not accept the sign-in (${error.oauthError}${error.description ? `: ${error.description.slice(0, 200)}` : ""}). ${TRY_AGAIN}`;
  }
  if (error instanceof AppError) return error.message;
  // Guard refusals and unreachable hosts name internal addresses: the vendor's log gets them, the customer a plain sentence.
  logger().warn({ connector: name, reason: (error as Error).message }, "OAuth callback failed");
  if (error instanceof RetryableError) return `Could not reach ${name} to finish connecting. Try again in a moment.`;
  if (error instanceof NonRetryableError) return `Could not finish connecting ${name}. If this keeps happening, contact support.`;
  return "Something went wrong on our side. It has been logged.";
}

/** The callback. `readCookie` reads the request's cookies; the caller clears the attempt's cookie whatever happens. */
export async function completeOAuth(query: URLSearchParams, readCookie: (name: string) => string | undefined, settings: OAuthSettings): Promise<OAuthResult> {
  const checked = await checkState(query, readCookie);
  if (typeof checked === "string") return { ok: false, error: checked };
  let name = checked.attempt.connector;
  try {
    const connector = authorizationCodeConnector(settings, checked.attempt.connector);
    name = connector.name;
    const error = query.get("error");
    if (error) return { ok: false, error: providerErrorMessage(name, error, query.get("error_description")) };
    const code = query.get("code");
    if (!code) return { ok: false, error: `${name} sent no authorization code. ${TRY_AGAIN}` };
    return await exchangeAndStore(checked, code, connector, settings);
  } catch (error) {
    return { ok: false, error: failureMessage(error, name) };
  }
}
