/**
 * Periodic connection health checks (task `connections:health-check`): for connectors that declare
 * a `healthCheck` (a cheap "who am I" call), active connections are checked about once an hour
 * and the result is kept on the connection for the console. The call runs like a flow's: with a
 * token renewed ahead of expiry, and a 401 renews it and tries again, so a connection whose
 * provider keeps refusing it is marked as needing reconnecting before a flow trips over it.
 */
import { createConnectorContext } from "@/server/connectors/framework/context";
import type { HttpClientOptions } from "@/server/connectors/http/http-client";
import type { ConnectorRegistry } from "@/server/connectors/registry";
import { ReconnectRequiredError } from "@/server/engine/errors";
import type { Logger } from "@/server/logger";
import { invokeRenewingOnUnauthorized } from "./unauthorized-calls";
import type { ConnectionResolver } from "./connection-resolver";
import { connectionsDueForHealthCheck, recordHealthCheck } from "./connections.repo";
import type { OAuthSettings } from "./oauth-settings";

export const HEALTH_CHECK_INTERVAL_MS = 60 * 60 * 1000;
const BATCH = 50;
const CHECK_TIMEOUT_MS = 15_000;

export interface HealthCheckEnvironment {
  registry: ConnectorRegistry;
  resolver: ConnectionResolver;
  network: OAuthSettings["network"];
  log: Logger;
  http?: Pick<HttpClientOptions, "fetch" | "lookup">;
  now?: () => Date;
}

export interface HealthCheckReport {
  checked: number;
  failed: number;
}

const passThrough = <T>(call: () => Promise<T>) => call();

/** Checks one connection and records the result; never throws for the connection's own failure. */
export async function checkConnection(
  connection: { id: string; organizationId: string; instanceId: string; key: string; connector: string },
  env: HealthCheckEnvironment,
): Promise<{ ok: boolean; message: string }> {
  const connector = env.registry.get(connection.connector);
  if (!connector?.healthCheck) return { ok: true, message: "no health check" };
  const check = connector.healthCheck;
  const scope = { organizationId: connection.organizationId, instanceId: connection.instanceId };
  let result: { ok: boolean; message: string };
  try {
    const network = await env.network(connection.organizationId);
    await invokeRenewingOnUnauthorized(
      async () => {
        const resolved = await env.resolver.resolveInstanceConnection(scope.organizationId, scope.instanceId, connection.key);
        const ctx = createConnectorContext(
          connector,
          { ...resolved, key: connection.key },
          {
            network,
            onRecord: () => undefined,
            state: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
            log: env.log,
            signal: AbortSignal.timeout(CHECK_TIMEOUT_MS * 2),
            http: { ...env.http, timeoutMs: CHECK_TIMEOUT_MS, retry: { maxRetries: 0 } },
          },
        );
        await check.run(ctx);
      },
      { connection: connection.key },
      scope,
      () => env.resolver,
      passThrough,
    );
    result = { ok: true, message: `${connector.name} accepted the credentials` };
  } catch (error) {
    const message = error instanceof ReconnectRequiredError ? error.reason : (error as Error).message;
    result = { ok: false, message };
  }
  await recordHealthCheck(connection.organizationId, connection.id, result);
  return result;
}

/** One batch of due checks, oldest first; the next run takes the rest. */
export async function runDueHealthChecks(env: HealthCheckEnvironment): Promise<HealthCheckReport> {
  const now = env.now?.() ?? new Date();
  const checkable = env.registry
    .list()
    .filter((connector) => connector.healthCheck)
    .map((connector) => connector.key);
  if (checkable.length === 0) return { checked: 0, failed: 0 };
  const due = await connectionsDueForHealthCheck(checkable, new Date(now.getTime() - HEALTH_CHECK_INTERVAL_MS), BATCH);
  let failed = 0;
  for (const connection of due) {
    const result = await checkConnection({ ...connection, instanceId: connection.instanceId! }, env);
    if (!result.ok) failed++;
  }
  return { checked: due.length, failed };
}
