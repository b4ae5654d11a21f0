import type { ResolvedConnection } from "@/server/connectors/framework/context";
import { processSingleton } from "@/server/process-singleton";
import { createConnectionResolver, type ConnectionResolver, type RefreshesInFlight } from "./connection-resolver";
import { defaultOAuthSettings } from "./oauth-settings";

/** The process's refreshes in flight, shared by every copy of this module (server/process-singleton.ts). */
const refreshesInFlight = processSingleton<RefreshesInFlight>("connections.refreshesInFlight", () => new Map());
let processResolver: ConnectionResolver | undefined;

/**
 * Decrypts the credentials an action runs with, refreshing an OAuth token that is about to expire.
 * One refresh per connection in the process at a time, so concurrent steps share it.
 */
export function resolveInstanceConnection(organizationId: string, instanceId: string, key: string): Promise<ResolvedConnection> {
  return connectionResolver().resolveInstanceConnection(organizationId, instanceId, key);
}

/** This copy's resolver, for what follows a 401 (see `ConnectionResolver.renewAfterUnauthorized`). */
export function connectionResolver(): ConnectionResolver {
  processResolver ??= createConnectionResolver({ ...defaultOAuthSettings(), refreshesInFlight });
  return processResolver;
}
