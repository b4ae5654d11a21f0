import { NonRetryableError } from "@/server/engine/errors";
import type { CredentialField, CredentialValues } from "@/server/connectors/framework/credential-fields";
import type { Authorizer, HttpClient } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";

/**
 * How a connector authenticates (what it declares) and what a connection holds at run time (what
 * the platform resolves, decrypted, for one call). Token refresh happens outside connectors: an
 * action always receives a current access token.
 */

/** Where an API key goes. */
export type ApiKeyPlacement = { in: "header"; header: string; prefix?: string } | { in: "query"; param: string };

interface AccountLabelHook {
  /** Names the connected account in the wizard ("octocat", "acme-corp.zendesk.com"), using the new credentials. */
  accountLabel?: (ctx: { http: HttpClient; credentials?: CredentialValues; network?: NetworkPolicy; signal?: AbortSignal }) => Promise<string | undefined>;
}

export interface OAuth2AuthorizationCodeAuth extends AccountLabelHook {
  kind: "oauth2";
  grant: "authorization_code";
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  /** PKCE (S256) is on unless a provider rejects it. */
  pkce?: boolean;
  /** Extra authorize parameters some providers need (`access_type: offline`, `prompt: consent`). */
  authorizeParams?: Record<string, string>;
  /** An OpenID-style userinfo endpoint; without an `accountLabel` hook, its email/name/login labels the account. */
  userinfoUrl?: string;
}

export interface OAuth2ClientCredentialsAuth extends AccountLabelHook {
  kind: "oauth2";
  grant: "client_credentials";
  tokenUrl: string;
  scopes: readonly string[];
}

export type ApiKeyAuth = AccountLabelHook & { kind: "apiKey"; label?: string } & ApiKeyPlacement;

export interface BasicAuth extends AccountLabelHook {
  kind: "basic";
}

/**
 * Typed fields the customer fills in (some secret), encrypted at rest like OAuth tokens. For
 * connectors that do not speak HTTP (SFTP, SMTP), actions read them from `ctx.connection.credentials`.
 */
export interface CredentialsAuth extends AccountLabelHook {
  kind: "credentials";
  label?: string;
  description?: string;
  fields: readonly CredentialField[];
  /** Rules across fields ("a password or a private key"); one message per broken rule, keyed by field. */
  validate?: (values: CredentialValues) => Array<{ field: string; message: string }>;
}

export interface NoAuth {
  kind: "none";
}

/** Generic connectors (`http`): each connection brings its own kind and, for API keys, its placement. */
export interface PerConnectionAuth {
  kind: "perConnection";
}

export type ConnectorAuth = OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth | ApiKeyAuth | BasicAuth | CredentialsAuth | NoAuth | PerConnectionAuth;

/** A connection's credentials, decrypted for one call. */
export type ResolvedAuth =
  | { kind: "oauth2"; accessToken: string; tokenType?: string }
  | { kind: "apiKey"; key: string; placement?: ApiKeyPlacement }
  | { kind: "basic"; username: string; password: string }
  | { kind: "credentials"; method: string; values: CredentialValues }
  | { kind: "none" };

function apiKeyAuthorizer(key: string, placement: ApiKeyPlacement): Authorizer {
  if (placement.in === "query") {
    return { apply: ({ url }) => url.searchParams.set(placement.param, key), secrets: { queryParams: [placement.param] } };
  }
  return { apply: ({ headers }) => headers.set(placement.header, `${placement.prefix ?? ""}${key}`), secrets: { headers: [placement.header] } };
}

/**
 * Turns a connection's credentials into something the HTTP client applies to each request,
 * after checking they are the kind the connector expects.
 */
export function createAuthorizer(connectorKey: string, spec: ConnectorAuth, resolved: ResolvedAuth | null): Authorizer | undefined {
  if (resolved === null || resolved.kind === "none") {
    if (spec.kind === "none" || spec.kind === "perConnection") return undefined;
    throw new NonRetryableError(`connector "${connectorKey}" needs a connection with ${spec.kind} credentials, and none was given`);
  }
  if (spec.kind !== "perConnection" && spec.kind !== resolved.kind) {
    throw new NonRetryableError(`connector "${connectorKey}" expects ${spec.kind} credentials, but the connection holds ${resolved.kind} credentials`);
  }
  switch (resolved.kind) {
    // Not applied to HTTP requests: the connector's actions read them from ctx.connection.credentials.
    case "credentials":
      return undefined;
    case "oauth2": {
      // Providers answer "bearer" in token responses but expect "Bearer" in the header.
      // Slack reports `token_type: bot` (or `user`) for what is an ordinary bearer token.
      const type = resolved.tokenType?.toLowerCase();
      const scheme = !type || type === "bearer" || type === "bot" || type === "user" ? "Bearer" : resolved.tokenType!;
      return { apply: ({ headers }) => headers.set("authorization", `${scheme} ${resolved.accessToken}`), secrets: {} };
    }
    case "basic": {
      const encoded = Buffer.from(`${resolved.username}:${resolved.password}`, "utf8").toString("base64");
      return { apply: ({ headers }) => headers.set("authorization", `Basic ${encoded}`), secrets: {} };
    }
    case "apiKey": {
      const placement = resolved.placement ?? (spec.kind === "apiKey" ? spec : undefined);
      if (!placement) throw new NonRetryableError(`the API key connection for "${connectorKey}" does not say where the key goes (a header or a query parameter)`);
      return apiKeyAuthorizer(resolved.key, placement);
    }
  }
}
