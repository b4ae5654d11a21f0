import { resolveAccountLabel } from "@/server/connectors/framework/account-label";
import { createAuthorizer, type ResolvedAuth } from "@/server/connectors/framework/auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { createHttpClient } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { logger } from "@/server/logger";
import type { OAuthSettings } from "./oauth-settings";

/**
 * Names the account behind new credentials ("octocat"). A connector's hook calls paths on its API,
 * so it gets the base URL; a userinfo URL may sit on another host (an identity domain), so without
 * a hook the client has no base URL and applies the token to any URL. Failing to find a label
 * must not fail the connect: the connection simply shows no label.
 */
export async function labelAccount(
  connector: Connector,
  auth: ResolvedAuth,
  baseUrl: string | undefined,
  network: NetworkPolicy,
  http: OAuthSettings["http"],
): Promise<string | undefined> {
  const hasHook = "accountLabel" in connector.auth && connector.auth.accountLabel !== undefined;
  const client = createHttpClient({
    ...http,
    network,
    baseUrl: hasHook ? (baseUrl ?? connector.baseUrl) : undefined,
    providerName: connector.name,
    auth: createAuthorizer(connector.key, connector.auth, auth),
    retry: { maxRetries: 0 },
  });
  try {
    const label = await resolveAccountLabel(connector.auth, client);
    return label?.trim().slice(0, 200) || undefined;
  } catch (error) {
    // The message only: an error object from the HTTP client could carry the response body.
    logger().warn({ connector: connector.key, reason: (error as Error).message }, "could not label a new connection");
    return undefined;
  }
}
