/**
 * Talks to a provider's token endpoint (RFC 6749 §4.1.3, §4.4, §6) through the SSRF-guarded HTTP
 * client. Nothing here is recorded or logged: request bodies carry codes, secrets and tokens.
 */
import { NonRetryableError, RetryableError } from "@/server/engine/errors";
import { createHttpClient, type HttpClientOptions } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";

export interface TokenClient {
  clientId: string;
  clientSecret?: string;
  tokenUrl: string;
}

export type TokenGrant =
  | { grant_type: "authorization_code"; code: string; redirect_uri: string; code_verifier?: string }
  | { grant_type: "refresh_token"; refresh_token: string }
  | { grant_type: "client_credentials"; scope?: string };

export interface TokenSet {
  accessToken: string;
  tokenType?: string;
  refreshToken?: string;
  /** Seconds, as the provider said; absent for tokens that do not expire (GitHub OAuth apps). */
  expiresIn?: number;
  scopes?: string[];
  /** Where the account's API lives, for providers that say so (Salesforce's `instance_url`). */
  instanceUrl?: string;
}

/** The provider answered with an OAuth error (`invalid_grant`, `access_denied`…). */
export class OAuthTokenError extends NonRetryableError {
  constructor(
    readonly oauthError: string,
    readonly description: string | undefined,
    provider: string,
  ) {
    super(`${provider} refused the token request (${oauthError}${description ? `: ${description}` : ""})`);
  }
}

/** Errors that mean this grant (code or refresh token) is dead; GitHub names its own. */
export const REFUSED_GRANT_ERRORS = new Set(["invalid_grant", "bad_refresh_token", "bad_verification_code"]);

export interface TokenRequestOptions {
  network: NetworkPolicy;
  providerName: string;
  http?: Pick<HttpClientOptions, "fetch" | "lookup" | "timeoutMs">;
}

const TOKEN_TIMEOUT_MS = 15_000;

function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body === "object" && body !== null) return body as Record<string, unknown>;
  // GitHub answers form-encoded unless asked for JSON; some providers ignore the Accept header.
  if (typeof body === "string") return Object.fromEntries(new URLSearchParams(body));
  return {};
}

function toTokenSet(fields: Record<string, unknown>, provider: string): TokenSet {
  const accessToken = fields.access_token;
  if (typeof accessToken !== "string" || accessToken === "") throw new NonRetryableError(`${provider}'s token endpoint answered without an access token`);
  const expiresIn = Number(fields.expires_in);
  const scope = typeof fields.scope === "string" ? fields.scope : undefined;
  const instanceUrl =
    typeof fields.instance_url === "string" && /^https?:\/\/[^\s]+$/.test(fields.instance_url) ? fields.instance_url.replace(/\/+$/, "") : undefined;
  return {
    accessToken,
    tokenType: typeof fields.token_type === "string" ? fields.token_type : undefined,
    refreshToken: typeof fields.refresh_token === "string" && fields.refresh_token !== "" ? fields.refresh_token : undefined,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
    // RFC 6749 says space-separated; GitHub separates with commas.
    scopes: scope === undefined ? undefined : scope.split(/[\s,]+/).filter(Boolean),
    ...(instanceUrl ? { instanceUrl } : {}),
  };
}

/** Sends one grant with client_secret_post authentication, the one method every provider we target accepts. */
export async function requestToken(client: TokenClient, grant: TokenGrant, options: TokenRequestOptions): Promise<TokenSet> {
  const form = new URLSearchParams({ ...Object.fromEntries(Object.entries(grant).filter(([, v]) => v !== undefined)), client_id: client.clientId });
  if (client.clientSecret) form.set("client_secret", client.clientSecret);
  const http = createHttpClient({
    ...options.http,
    network: options.network,
    providerName: options.providerName,
    timeoutMs: options.http?.timeoutMs ?? TOKEN_TIMEOUT_MS,
  });
  const response = await http.request({
    method: "POST",
    url: client.tokenUrl,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: form.toString(),
    throwOnHttpError: false,
  });
  const fields = parseBody(response.body);
  // GitHub reports errors with 200 and an `error` field, so look at the body before the status.
  if (typeof fields.error === "string") {
    throw new OAuthTokenError(fields.error, typeof fields.error_description === "string" ? fields.error_description : undefined, options.providerName);
  }
  if (response.status >= 500 || response.status === 429)
    throw new RetryableError(`${options.providerName}'s token endpoint answered ${response.status}; try again shortly`);
  if (response.status >= 400) throw new NonRetryableError(`${options.providerName}'s token endpoint answered ${response.status}`);
  return toTokenSet(fields, options.providerName);
}

/**
 * `expires_in` as an absolute time, or null for tokens without an expiry. A provider that never
 * says (Salesforce) gets the lifetime its connector assumes, so the token is refreshed in time.
 */
export function expiryOf(tokens: TokenSet, now: Date, assumedLifetimeSeconds?: number): Date | null {
  const seconds = tokens.expiresIn ?? assumedLifetimeSeconds;
  return seconds === undefined ? null : new Date(now.getTime() + seconds * 1000);
}
