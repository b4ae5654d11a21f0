/**
 * `connections.beginOAuth`: the wizard (or console) asks for a start link. The popup cannot send a
 * bearer header, and the embed token must never appear in a URL, so the caller's identity travels
 * as a sealed, single-use, ten-minute attempt instead.
 */
import { oauth2Method, type OAuth2AuthorizationCodeAuth } from "@/server/connectors/framework/auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { AppError } from "@/server/errors";
import { findCustomer } from "@/server/modules/customers/customers.repo";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { oauthClientFor } from "@/server/modules/oauth-apps/oauth-apps.service";
import { findConnection } from "./connections.repo";
import { newAttempt, sealAttempt } from "./oauth-attempt";
import type { OAuthSettings } from "./oauth-settings";

export interface BeginOAuthInput {
  connector: string;
  /** The manifest's connection key. */
  key: string;
  instanceId?: string;
  /** Reconnect this connection (a broken one, usually) in place. */
  connectionId?: string;
}

export type AuthorizationCodeConnector = Connector & { auth: OAuth2AuthorizationCodeAuth };

export function authorizationCodeConnector(settings: Pick<OAuthSettings, "registry">, key: string): AuthorizationCodeConnector {
  const connector = settings.registry.get(key);
  if (!connector) throw new AppError("NOT_FOUND", `There is no connector "${key}" in this deployment.`, { field: "connector" });
  const method = oauth2Method(connector.auth);
  if (method?.grant !== "authorization_code") {
    throw new AppError("BAD_REQUEST", `${connector.name} does not connect by signing in with OAuth.`, { field: "connector" });
  }
  // The connector as the OAuth flow sees it: only its OAuth method.
  return { ...connector, auth: method };
}

async function checkTargets(organizationId: string, customerId: string, input: BeginOAuthInput): Promise<void> {
  if (input.instanceId) {
    const instance = await findInstance(organizationId, input.instanceId);
    if (!instance || instance.customerId !== customerId) throw new AppError("NOT_FOUND", "No such instance for this customer.", { field: "instanceId" });
  }
  if (input.connectionId) {
    const connection = await findConnection({ organizationId, customerId }, input.connectionId);
    if (!connection) throw new AppError("NOT_FOUND", "No such connection for this customer.", { field: "connectionId" });
    if (connection.connector !== input.connector) {
      throw new AppError("BAD_REQUEST", `That connection is a ${connection.connector} connection, not ${input.connector}.`, { field: "connectionId" });
    }
  }
}

export async function beginOAuth(
  scope: { organizationId: string; customerId: string },
  input: BeginOAuthInput,
  settings: Pick<OAuthSettings, "registry" | "publicUrl">,
): Promise<{ startUrl: string; expiresAt: Date }> {
  const connector = authorizationCodeConnector(settings, input.connector);
  if (!(await findCustomer(scope.organizationId, scope.customerId)))
    throw new AppError("NOT_FOUND", "No such customer in this organization.", { field: "customerId" });
  await checkTargets(scope.organizationId, scope.customerId, input);
  if (!(await oauthClientFor(scope.organizationId, connector))) {
    throw new AppError("UNPROCESSABLE_CONTENT", `${connector.name} is not set up yet: the vendor needs to add its OAuth app (client id and secret) first.`);
  }
  const attempt = newAttempt({
    organizationId: scope.organizationId,
    customerId: scope.customerId,
    instanceId: input.instanceId ?? null,
    connectionId: input.connectionId ?? null,
    key: input.key,
    connector: connector.key,
  });
  const startUrl = new URL(`${settings.publicUrl}/api/oauth/start`);
  startUrl.searchParams.set("attempt", await sealAttempt(attempt));
  return { startUrl: startUrl.href, expiresAt: new Date(attempt.expiresAt) };
}
