import type { ResolvedConnection } from "@/server/connectors/framework/context";
import { createConnectionResolver, type ConnectionResolver } from "./connection-resolver";
import { defaultOAuthSettings } from "./oauth-settings";

export type { StoredCredentials } from "./credentials";

let processResolver: ConnectionResolver | undefined;

/**
 * Decrypts the credentials an action runs with, refreshing an OAuth token that is about to expire.
 * One resolver per process, so concurrent steps share its in-flight refreshes.
 */
export function resolveInstanceConnection(organizationId: string, instanceId: string, key: string): Promise<ResolvedConnection> {
  processResolver ??= createConnectionResolver(defaultOAuthSettings());
  return processResolver.resolveInstanceConnection(organizationId, instanceId, key);
}

/** The process's resolver, for what follows a 401 (see `ConnectionResolver.renewAfterUnauthorized`). */
export function connectionResolver(): ConnectionResolver {
  processResolver ??= createConnectionResolver(defaultOAuthSettings());
  return processResolver;
}
