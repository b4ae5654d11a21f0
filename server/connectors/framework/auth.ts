import { NonRetryableError } from "@/server/engine/errors";
import type { Authorizer, HttpClient } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { credentialFieldProblems, type CredentialField, type CredentialValues } from "./credential-fields";

/**
 * How a connector authenticates (the methods it declares) and what a connection holds at run time
 * (what the platform resolves, decrypted, for one call). A connector may offer several methods —
 * Slack: OAuth or a bot token; Zendesk: OAuth or an API token — and each connection is made with
 * one of them. Token refresh happens outside connectors: an action always receives a current token.
 */

/** Where an API key goes. */
export type ApiKeyPlacement = { in: "header"; header: string; prefix?: string } | { in: "query"; param: string };

/** What the account-label hook is handed: an HTTP client with the new credentials applied, and the raw values for non-HTTP connectors. */
export interface AccountLabelContext {
  http: HttpClient;
  /** The values of a `credentials` method (host, username, password…); absent for other kinds. */
  credentials?: CredentialValues;
  /** The organization's allow-list: a non-HTTP connector checks its host with `checkHostDestination` before connecting. */
  network: NetworkPolicy;
  signal: AbortSignal;
}

interface MethodCommon {
  /** Names the method when a connector offers several of one kind; defaults to the kind. */
  id?: string;
  /** Shown on the method's form ("Personal access token"). */
  label?: string;
  /** How to get the credentials, shown under the form ("GitHub → Settings → Developer settings → …"). */
  description?: string;
  /**
   * Names the connected account ("octocat", "sftp.acme.com") using the new credentials. When a
   * connection is made from credentials a caller typed in, it is also their check: a provider's
   * refusal (HTTP 401/403, or a `NonRetryableError`) rejects the connection.
   */
  accountLabel?: (ctx: AccountLabelContext) => Promise<string | undefined>;
}

export interface OAuth2AuthorizationCodeAuth extends MethodCommon {
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
  /**
   * The token answer's `instance_url` is the connection's API base URL (Salesforce: each org lives
   * on its own instance). Taken on connect and again on every refresh.
   */
  apiBaseFromToken?: boolean;
  /** For providers whose token answer says no `expires_in` (Salesforce): refresh after this many seconds. */
  assumedTokenLifetimeSeconds?: number;
}

export interface OAuth2ClientCredentialsAuth extends MethodCommon {
  kind: "oauth2";
  grant: "client_credentials";
  tokenUrl: string;
  scopes: readonly string[];
}

export type OAuth2Auth = OAuth2AuthorizationCodeAuth | OAuth2ClientCredentialsAuth;

export type ApiKeyAuth = MethodCommon & { kind: "apiKey" } & ApiKeyPlacement;

export interface BasicAuth extends MethodCommon {
  kind: "basic";
}

/**
 * Typed fields the customer fills in (some secret), encrypted at rest like OAuth tokens. For
 * non-HTTP connectors (SFTP, SMTP) actions read them from `ctx.connection.credentials`; an HTTP
 * connector may also say how they sign a request (`authorize`), e.g. Zendesk's `email/token` basic auth.
 */
export interface CredentialsAuth extends MethodCommon {
  kind: "credentials";
  fields: readonly CredentialField[];
  /** Rules across fields ("a password or a private key"); one message per broken rule, keyed by field. */
  validate?: (values: CredentialValues) => Array<{ field: string; message: string }>;
  /** For HTTP connectors: the headers and query parameters that carry the credentials (redacted in records). */
  authorize?: (values: CredentialValues) => { headers?: Record<string, string>; query?: Record<string, string> };
  /** Where the account's API lives when it depends on the values (a Zendesk subdomain). */
  baseUrl?: (values: CredentialValues) => string | undefined;
}

export interface NoAuth {
  kind: "none";
  id?: string;
}

/** Generic connectors (`http`): each connection brings its own kind and, for API keys, its placement. */
export interface PerConnectionAuth {
  kind: "perConnection";
  id?: string;
}

export type AuthMethod = OAuth2Auth | ApiKeyAuth | BasicAuth | CredentialsAuth | NoAuth | PerConnectionAuth;

/** What a connector declares: one method, or several to choose from (OAuth first, by convention). */
export type ConnectorAuth = AuthMethod | readonly AuthMethod[];

/** A connection's credentials, decrypted for one call. */
export type ResolvedAuth =
  | { kind: "oauth2"; accessToken: string; tokenType?: string }
  | { kind: "apiKey"; key: string; placement?: ApiKeyPlacement }
  | { kind: "basic"; username: string; password: string }
  | { kind: "credentials"; method: string; values: CredentialValues }
  | { kind: "none" };

export function authMethods(auth: ConnectorAuth): readonly AuthMethod[] {
  return Array.isArray(auth) ? auth : [auth as AuthMethod];
}

export function methodId(method: AuthMethod): string {
  return method.id ?? method.kind;
}

export function oauth2Method(auth: ConnectorAuth): OAuth2Auth | undefined {
  return authMethods(auth).find((m): m is OAuth2Auth => m.kind === "oauth2");
}

export function isPerConnection(auth: ConnectorAuth): boolean {
  return authMethods(auth).some((m) => m.kind === "perConnection");
}

/** Methods a connection can be made with by typing credentials in (no browser): API key, basic, credentials. */
export type TypedAuthMethod = ApiKeyAuth | BasicAuth | CredentialsAuth;

export function typedMethods(auth: ConnectorAuth): TypedAuthMethod[] {
  return authMethods(auth).filter((m): m is TypedAuthMethod => m.kind === "apiKey" || m.kind === "basic" || m.kind === "credentials");
}

/** The fields a typed method asks for: declared for `credentials`, implied for API key and basic. */
export function methodFields(method: TypedAuthMethod): readonly CredentialField[] {
  if (method.kind === "credentials") return method.fields;
  if (method.kind === "apiKey") return [{ key: "apiKey", label: method.label ?? "API key", type: "string", secret: true }];
  return [
    { key: "username", label: "Username", type: "string" },
    { key: "password", label: "Password", type: "string", secret: true },
  ];
}

/** The method a connection's credentials were made with. */
export function methodFor(auth: ConnectorAuth, resolved: Exclude<ResolvedAuth, { kind: "none" }>): AuthMethod | undefined {
  const methods = authMethods(auth);
  if (resolved.kind === "credentials") return methods.find((m) => m.kind === "credentials" && methodId(m) === resolved.method);
  return methods.find((m) => m.kind === resolved.kind);
}

/** Declaration mistakes, reported by `defineConnector`. */
export function authProblems(auth: ConnectorAuth): string[] {
  const methods = authMethods(auth);
  const problems: string[] = [];
  if (methods.length === 0) problems.push("auth declares no method");
  const ids = new Set<string>();
  for (const method of methods) {
    const id = methodId(method);
    if (ids.has(id)) problems.push(`auth method "${id}" is declared twice (give one an id)`);
    ids.add(id);
    if (method.kind === "oauth2") {
      const urls = method.grant === "authorization_code" ? [method.authorizeUrl, method.tokenUrl] : [method.tokenUrl];
      for (const url of urls) if (!URL.canParse(url)) problems.push(`OAuth2 URL "${url}" is not an absolute URL`);
    }
    if (method.kind === "credentials") problems.push(...credentialFieldProblems(method.fields));
  }
  if (methods.filter((m) => m.kind === "oauth2").length > 1) problems.push("auth may declare one OAuth2 method");
  return problems;
}

function apiKeyAuthorizer(key: string, placement: ApiKeyPlacement): Authorizer {
  if (placement.in === "query") {
    return { apply: ({ url }) => url.searchParams.set(placement.param, key), secrets: { queryParams: [placement.param] } };
  }
  return { apply: ({ headers }) => headers.set(placement.header, `${placement.prefix ?? ""}${key}`), secrets: { headers: [placement.header] } };
}

function credentialsAuthorizer(method: CredentialsAuth, values: CredentialValues): Authorizer | undefined {
  if (!method.authorize) return undefined;
  const { headers = {}, query = {} } = method.authorize(values);
  return {
    apply: (target) => {
      for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
      for (const [name, value] of Object.entries(query)) target.url.searchParams.set(name, value);
    },
    secrets: { headers: Object.keys(headers), queryParams: Object.keys(query) },
  };
}

function describe(auth: ConnectorAuth): string {
  return authMethods(auth)
    .map((m) => (m.kind === "credentials" ? `${methodId(m)} credentials` : `${m.kind} credentials`))
    .join(" or ");
}

/**
 * Turns a connection's credentials into something the HTTP client applies to each request,
 * after checking they match one of the methods the connector declares. A `credentials` method
 * without `authorize` (SFTP, SMTP) gives no authorizer: its actions use the values themselves.
 */
export function createAuthorizer(connectorKey: string, auth: ConnectorAuth, resolved: ResolvedAuth | null): Authorizer | undefined {
  const methods = authMethods(auth);
  const perConnection = isPerConnection(auth);
  if (resolved === null || resolved.kind === "none") {
    if (perConnection || methods.some((m) => m.kind === "none")) return undefined;
    throw new NonRetryableError(`connector "${connectorKey}" needs a connection with ${describe(auth)}, and none was given`);
  }
  const method = methodFor(auth, resolved);
  if (!method && !perConnection) {
    const held = resolved.kind === "credentials" ? `${resolved.method} credentials` : `${resolved.kind} credentials`;
    throw new NonRetryableError(`connector "${connectorKey}" expects ${describe(auth)}, but the connection holds ${held}`);
  }
  switch (resolved.kind) {
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
      const placement = resolved.placement ?? (method?.kind === "apiKey" ? method : undefined);
      if (!placement)
        throw new NonRetryableError(`the API key connection for "${connectorKey}" does not say where the key goes (a header or a query parameter)`);
      return apiKeyAuthorizer(resolved.key, placement);
    }
    case "credentials":
      return method?.kind === "credentials" ? credentialsAuthorizer(method, resolved.values) : undefined;
  }
}

/** `Authorization: Basic …` for `authorize` hooks. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}
