/**
 * Connections for connectors that use the client_credentials grant: no browser, no user. The
 * client is the customer's own (given here, kept encrypted with the connection so the next token
 * can be fetched) or, when none is given, the organization's OAuth app.
 */
import { oauth2Method } from "@/server/connectors/framework/auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { NonRetryableError, RetryableError } from "@/server/engine/errors";
import { AppError } from "@/server/errors";
import { findCustomer } from "@/server/modules/customers/customers.repo";
import { oauthClientFor } from "@/server/modules/oauth-apps/oauth-apps.service";
import { checkFailure, type CheckAudience } from "./check-failure";
import { labelAccount } from "./label-account";
import type { OAuthSettings } from "./oauth-settings";
import { storeConnection } from "./store-connection";
import { expiryOf, OAuthTokenError, requestToken, type TokenClient } from "./token-endpoint";

export interface ClientCredentialsInput {
  connector: string;
  key: string;
  instanceId?: string;
  connectionId?: string;
  clientId?: string;
  clientSecret?: string;
  scopes?: string[];
}

async function clientFor(
  organizationId: string,
  connector: Connector,
  input: ClientCredentialsInput,
): Promise<TokenClient & { scopes: string[]; apiBaseUrl?: string }> {
  const app = await oauthClientFor(organizationId, connector);
  const tokenUrl = app?.tokenUrl ?? oauth2Method(connector.auth)?.tokenUrl ?? "";
  if (input.clientId)
    return { clientId: input.clientId, clientSecret: input.clientSecret, tokenUrl, scopes: input.scopes ?? app?.scopes ?? [], apiBaseUrl: app?.apiBaseUrl };
  if (!app)
    throw new AppError("UNPROCESSABLE_CONTENT", `Enter a client id and secret for ${connector.name}, or set up its OAuth app in the console.`, {
      field: "clientId",
    });
  return { ...app, scopes: input.scopes ?? app.scopes };
}

export async function connectWithClientCredentials(
  scope: { organizationId: string; customerId: string },
  input: ClientCredentialsInput,
  settings: Omit<OAuthSettings, "publicUrl">,
  audience: CheckAudience = "vendor",
) {
  const connector = settings.registry.get(input.connector);
  const method = connector && oauth2Method(connector.auth);
  if (!connector || method?.grant !== "client_credentials") {
    throw new AppError("BAD_REQUEST", `"${input.connector}" is not a connector that uses client credentials.`, { field: "connector" });
  }
  if (!(await findCustomer(scope.organizationId, scope.customerId))) throw new AppError("NOT_FOUND", "No such customer in this organization.");
  const client = await clientFor(scope.organizationId, connector, input);
  const network = await settings.network(scope.organizationId);
  const requestedAt = (settings.now ?? (() => new Date()))();
  let tokens: Awaited<ReturnType<typeof requestToken>>;
  try {
    const scopeParam = client.scopes.length > 0 ? { scope: client.scopes.join(" ") } : {};
    tokens = await requestToken(client, { grant_type: "client_credentials", ...scopeParam }, { network, providerName: connector.name, http: settings.http });
  } catch (error) {
    if (error instanceof OAuthTokenError)
      throw new AppError("UNPROCESSABLE_CONTENT", `${connector.name} refused these client credentials (${error.oauthError}).`, { field: "clientId" });
    if (error instanceof RetryableError)
      throw checkFailure(connector.name, error, audience, new AppError("SERVICE_UNAVAILABLE", `Could not reach ${connector.name}; try again in a moment.`));
    if (error instanceof NonRetryableError)
      throw checkFailure(connector.name, error, audience, new AppError("BAD_REQUEST", `Could not get a token from ${connector.name}: ${error.message}`));
    throw error;
  }
  const auth = { kind: "oauth2" as const, accessToken: tokens.accessToken, ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}) };
  const accountLabel = await labelAccount({ ...connector, auth: method }, auth, client.apiBaseUrl, network, settings.http);
  return storeConnection({
    organizationId: scope.organizationId,
    customerId: scope.customerId,
    instanceId: input.instanceId ?? null,
    connectionId: input.connectionId ?? null,
    key: input.key,
    connector: connector.key,
    accountLabel,
    stored: {
      ...auth,
      grant: "client_credentials",
      scopes: tokens.scopes ?? client.scopes,
      ...(input.clientId ? { clientId: input.clientId, clientSecret: input.clientSecret } : {}),
      ...(client.apiBaseUrl ? { baseUrl: client.apiBaseUrl } : {}),
    },
    expiresAt: expiryOf(tokens, requestedAt),
  });
}
