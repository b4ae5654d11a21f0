/**
 * Saves newly obtained credentials: into the connection being reconnected (same id, so instances
 * using it recover), into the instance's existing connection for that key, or as a new one.
 */
import { sealJson } from "@/server/crypto/keyring";
import { findConnection, findInstanceConnection, insertConnection, replaceConnectionCredentials } from "./connections.repo";
import type { StoredCredentials } from "./credentials";
import { wakeReconnectWaiters } from "./reconnect-waiters.repo";

export interface NewCredentials {
  organizationId: string;
  customerId: string;
  instanceId: string | null;
  /** Reconnect this connection in place. */
  connectionId: string | null;
  key: string;
  connector: string;
  accountLabel: string | undefined;
  stored: StoredCredentials;
  expiresAt: Date | null;
}

async function existingTarget(input: NewCredentials): Promise<string | null> {
  const scope = { organizationId: input.organizationId, customerId: input.customerId };
  if (input.connectionId) return (await findConnection(scope, input.connectionId))?.id ?? null;
  if (!input.instanceId) return null;
  const current = await findInstanceConnection(input.organizationId, input.instanceId, input.key);
  return current && current.customerId === input.customerId && current.connector === input.connector ? current.id : null;
}

/** Saves the credentials, then runs again what waited for this connection to be reconnected. */
export async function storeConnection(input: NewCredentials) {
  const saved = await saveCredentials(input);
  if (saved.instanceId) await wakeReconnectWaiters(input.organizationId, saved.instanceId, saved.key);
  return saved;
}

async function saveCredentials(input: NewCredentials) {
  const data = {
    authKind: input.stored.kind,
    accountLabel: input.accountLabel ?? null,
    credentialsEncrypted: sealJson(input.stored),
    expiresAt: input.expiresAt,
  };
  const targetId = await existingTarget(input);
  if (targetId) {
    const replaced = await replaceConnectionCredentials({ organizationId: input.organizationId, customerId: input.customerId }, targetId, data);
    // Disconnected while the popup was open: fall through and create a new one.
    if (replaced) return replaced;
  }
  return insertConnection({
    ...data,
    organizationId: input.organizationId,
    customerId: input.customerId,
    instanceId: input.instanceId,
    key: input.key,
    connector: input.connector,
  });
}
