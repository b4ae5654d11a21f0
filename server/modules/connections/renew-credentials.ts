/**
 * Gets a new access token for a stored OAuth connection: the refresh_token grant, or a fresh
 * client_credentials token. Says whether the grant is dead (the connection must be marked broken)
 * or the failure is someone else's (network, provider outage, the vendor's app settings).
 */
import { oauth2Method } from "@/server/connectors/framework/auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { NonRetryableError } from "@/server/engine/errors";
import { oauthClientFor, type OAuthClient } from "@/server/modules/oauth-apps/oauth-apps.service";
import type { ConnectionRow, OAuthCredentials, StoredCredentials } from "./credentials";
import type { OAuthSettings } from "./oauth-settings";
import { expiryOf, OAuthTokenError, REFUSED_GRANT_ERRORS, requestToken, type TokenClient, type TokenGrant } from "./token-endpoint";

export type RenewResult =
  | { kind: "renewed"; stored: StoredCredentials; expiresAt: Date | null }
  | { kind: "refused"; reason: string }
  | { kind: "failed"; error: Error };

const MAX_REASON_LENGTH = 200;

function shorten(text: string): string {
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH)}…` : text;
}

/** What a renewal needs from the database, read before the refresh lock is taken (see `prepareRenewal`). */
export interface RenewalSetup {
  provider: string;
  connector: Connector | undefined;
  app: OAuthClient | null;
  network: NetworkPolicy;
}

/**
 * Reads the OAuth app and network policy with the shared client. Done outside the lock's
 * transaction: inside it, waiting for a second pooled connection while other refreshes hold the
 * rest of the pool would deadlock.
 */
export async function prepareRenewal(
  row: Pick<ConnectionRow, "organizationId" | "connector">,
  settings: Omit<OAuthSettings, "publicUrl">,
): Promise<RenewalSetup> {
  const connector = settings.registry.get(row.connector);
  return {
    provider: connector?.name ?? row.connector,
    connector,
    app: connector ? await oauthClientFor(row.organizationId, connector) : null,
    network: await settings.network(row.organizationId),
  };
}

function tokenClientFor(row: ConnectionRow, stored: OAuthCredentials, setup: RenewalSetup): TokenClient | Error {
  const { connector, app } = setup;
  const method = connector && oauth2Method(connector.auth);
  if (!connector || !method) return new NonRetryableError(`the connector "${row.connector}" is not an OAuth connector in this deployment`);
  // A client_credentials connection made with the customer's own client keeps that client.
  if (stored.clientId) return { clientId: stored.clientId, clientSecret: stored.clientSecret, tokenUrl: app?.tokenUrl ?? method.tokenUrl };
  if (!app) return new NonRetryableError(`the ${connector.name} OAuth app is not set up in this organization, so its tokens cannot be refreshed`);
  return app;
}

/** Talks to the provider only; no database access, so it may run inside the refresh lock. */
export async function renewCredentials(
  row: ConnectionRow,
  stored: StoredCredentials,
  setup: RenewalSetup,
  settings: Pick<OAuthSettings, "http"> & { now: () => Date },
): Promise<RenewResult> {
  const { provider } = setup;
  if (stored.kind !== "oauth2")
    return { kind: "failed", error: new NonRetryableError(`the ${provider} connection holds ${stored.kind} credentials, which do not expire`) };
  const clientCredentials = stored.grant === "client_credentials";
  if (!clientCredentials && !stored.refreshToken) {
    return { kind: "refused", reason: `the ${provider} access token expired and ${provider} gave no refresh token` };
  }
  const client = tokenClientFor(row, stored, setup);
  if (client instanceof Error) return { kind: "failed", error: client };
  const grant: TokenGrant = clientCredentials
    ? { grant_type: "client_credentials", ...(stored.scopes?.length ? { scope: stored.scopes.join(" ") } : {}) }
    : { grant_type: "refresh_token", refresh_token: stored.refreshToken! };
  try {
    const requestedAt = settings.now();
    const tokens = await requestToken(client, grant, { network: setup.network, providerName: provider, http: settings.http });
    const method = setup.connector ? oauth2Method(setup.connector.auth) : undefined;
    const authorizationCode = method?.grant === "authorization_code" ? method : undefined;
    const renewed: StoredCredentials = {
      ...stored,
      // Salesforce answers the org's instance again; it moves when the org is migrated.
      ...(authorizationCode?.apiBaseFromToken && tokens.instanceUrl ? { baseUrl: tokens.instanceUrl } : {}),
      accessToken: tokens.accessToken,
      tokenType: tokens.tokenType ?? stored.tokenType,
      // Providers that do not rotate leave the refresh token out of the answer: keep the one we have.
      refreshToken: tokens.refreshToken ?? stored.refreshToken,
      scopes: tokens.scopes ?? stored.scopes,
    };
    return { kind: "renewed", stored: renewed, expiresAt: expiryOf(tokens, requestedAt, authorizationCode?.assumedTokenLifetimeSeconds) };
  } catch (error) {
    if (error instanceof OAuthTokenError) {
      // With the customer's own client, a refused client is theirs to fix; with the vendor's app it is the vendor's.
      const dead = REFUSED_GRANT_ERRORS.has(error.oauthError) || (stored.clientId !== undefined && error.oauthError === "invalid_client");
      const detail = error.description ? `${error.oauthError}: ${error.description}` : error.oauthError;
      if (dead)
        return {
          kind: "refused",
          reason: shorten(`${provider} no longer accepts this connection's ${clientCredentials ? "client credentials" : "refresh token"} (${detail})`),
        };
    }
    return { kind: "failed", error: error as Error };
  }
}
