/**
 * Which connectors an OAuth app can be set up for: those of this deployment that sign in with
 * OAuth 2.0. Anything else is refused with what was probably meant and what is possible.
 */
import { oauth2Method } from "@/server/connectors/framework/auth";
import { connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import { AppError } from "@/server/errors";
import { closestName } from "@/server/manifest/suggest";

export function oauthProviders(registry: ConnectorRegistry = connectorRegistry): Array<{ key: string; name: string }> {
  return registry
    .list()
    .filter((connector) => oauth2Method(connector.auth) !== undefined)
    .map((connector) => ({ key: connector.key, name: connector.name }));
}

export function assertOAuthProvider(provider: string, registry: ConnectorRegistry = connectorRegistry): void {
  const keys = oauthProviders(registry).map((candidate) => candidate.key);
  if (keys.includes(provider)) return;
  const possible = `OAuth apps can be set up for ${keys.join(", ")}.`;
  const connector = registry.get(provider);
  const guess = closestName(provider, keys);
  const message = connector
    ? `${connector.name} does not sign in with OAuth (its connections are made from credentials), so it needs no OAuth app. ${possible}`
    : `There is no connector "${provider}"${guess ? `; did you mean "${guess}"?` : "."} ${possible}`;
  throw new AppError("BAD_REQUEST", message, { field: "provider" });
}
