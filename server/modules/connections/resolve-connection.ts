import type { ResolvedConnection } from "@/server/connectors/framework/context";
import type { ResolvedAuth } from "@/server/connectors/framework/auth";
import { openJson } from "@/server/crypto/keyring";
import { NonRetryableError } from "@/server/engine/errors";
import { findInstanceConnection } from "./connections.repo";

/** Stored (encrypted) form of a connection's credentials. */
export type StoredCredentials = ResolvedAuth & { refreshToken?: string; baseUrl?: string };

/**
 * Decrypts the credentials an action runs with. A missing or broken connection is a problem only
 * the customer can fix, so retrying would not help.
 */
export async function resolveInstanceConnection(organizationId: string, instanceId: string, key: string): Promise<ResolvedConnection> {
  const connection = await findInstanceConnection(organizationId, instanceId, key);
  if (!connection) throw new NonRetryableError(`the connection "${key}" is not connected for this instance; connect it in the instance's settings`);
  if (connection.status === "broken") {
    throw new NonRetryableError(`the connection "${key}" is broken (${connection.statusReason ?? "the provider refused its credentials"}); reconnect it`);
  }
  const stored = openJson<StoredCredentials>(connection.credentialsEncrypted);
  const { refreshToken: _refresh, baseUrl, ...auth } = stored;
  return { connector: connection.connector, auth: auth as ResolvedAuth, accountLabel: connection.accountLabel ?? undefined, baseUrl };
}
