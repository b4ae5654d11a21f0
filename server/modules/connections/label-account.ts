import { resolveAccountLabel } from "@/server/connectors/framework/account-label";
import { createAuthorizer, methodFor, type ResolvedAuth } from "@/server/connectors/framework/auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { createHttpClient } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { logger } from "@/server/logger";
import type { OAuthSettings } from "./oauth-settings";

// A check of typed-in credentials should answer while the caller waits.
const CHECK_TIMEOUT_MS = 15_000;

/**
 * Runs the account-label hook (or userinfo) of the method `auth` was made with. A connector's hook
 * calls paths on its API, so it gets the base URL; a userinfo URL may sit on another host (an
 * identity domain), so without a hook the client has no base URL and applies the token to any URL.
 * The hook's errors propagate.
 */
export async function accountLabelOf(
  connector: Connector,
  auth: Exclude<ResolvedAuth, { kind: "none" }>,
  baseUrl: string | undefined,
  network: NetworkPolicy,
  http: OAuthSettings["http"],
): Promise<string | undefined> {
  const method = methodFor(connector.auth, auth);
  if (!method) return undefined;
  const hasHook = "accountLabel" in method && method.accountLabel !== undefined;
  const client = createHttpClient({
    timeoutMs: CHECK_TIMEOUT_MS,
    ...http,
    network,
    baseUrl: hasHook ? (baseUrl ?? connector.baseUrl) : undefined,
    providerName: connector.name,
    auth: createAuthorizer(connector.key, connector.auth, auth),
    retry: { maxRetries: 0 },
  });
  const credentials = auth.kind === "credentials" ? auth.values : undefined;
  const label = await resolveAccountLabel(method, {
    http: client,
    network,
    signal: AbortSignal.timeout(CHECK_TIMEOUT_MS * 2),
    ...(credentials ? { credentials } : {}),
  });
  return label?.trim().slice(0, 200) || undefined;
}

/**
 * Names the account behind credentials a provider just issued ("octocat"). Failing to find a label
 * must not fail an OAuth connect: the connection simply shows no label.
 */
export async function labelAccount(
  connector: Connector,
  auth: Exclude<ResolvedAuth, { kind: "none" }>,
  baseUrl: string | undefined,
  network: NetworkPolicy,
  http: OAuthSettings["http"],
): Promise<string | undefined> {
  try {
    return await accountLabelOf(connector, auth, baseUrl, network, http);
  } catch (error) {
    // The message only: an error object from the HTTP client could carry the response body.
    logger().warn({ connector: connector.key, reason: (error as Error).message }, "could not label a new connection");
    return undefined;
  }
}
