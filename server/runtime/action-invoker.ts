/**
 * Builds the `invokeAction` the engine calls for Action states of one claimed run: connector and
 * manifest HTTP actions with the instance's connections, instance state, the organization's network
 * policy, the gate of each connection (its rate budget, the provider's pauses: connection-gate.ts)
 * and HTTP records kept with the step.
 */
import { invokeFlowAction, signingConnectionKey } from "@/server/connectors/invoke";
import { deferredChild, type Logger } from "@/server/logger";
import { connectionResolver, resolveInstanceConnection } from "@/server/modules/connections/resolve-connection";
import { invokeRenewingOnUnauthorized } from "@/server/modules/connections/unauthorized-calls";
import { DEFAULT_BLOB_MAX_BYTES, postgresBlobStore } from "@/server/modules/blobs/blob-store";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { connectionGate } from "./connection-gate";
import { platformCall } from "./platform-call";
import type { ActionInvoker } from "./run-states";

export interface ActionInvokerOptions {
  log: Logger;
  /** Extra destinations every organization may reach: the app's /sandbox/ routes when the sandbox is on. */
  alwaysAllow: string[];
  fetch?: typeof fetch;
  /** The largest file an action may store (BLOB_MAX_BYTES); 10 MiB when not given. */
  maxBlobBytes?: number;
}

export function createActionInvoker(options: ActionInvokerOptions): ActionInvoker {
  return (run) => {
    // The organization's allow-list as the claim read it, in the same statement.
    const allow = [...options.alwaysAllow, ...run.networkAllowList];
    const state = instanceStateStore(run.instanceId);
    const scope = { organizationId: run.organizationId, instanceId: run.instanceId };
    return async (request) =>
      invokeRenewingOnUnauthorized(
        () =>
          invokeFlowAction(
            {
              manifest: run.manifest,
              resolveConnection: (key) => platformCall(() => resolveInstanceConnection(run.organizationId, run.instanceId, key)),
              state: {
                get: <T>(key: string) => platformCall(() => state.get<T>(key)),
                set: (key: string, value: unknown) => platformCall(() => state.set(key, value)),
                delete: (key: string) => platformCall(() => state.delete(key)),
              },
              blobs: postgresBlobStore(
                { organizationId: run.organizationId, instanceId: run.instanceId, executionId: run.executionId },
                options.maxBlobBytes ?? DEFAULT_BLOB_MAX_BYTES,
              ),
              log: deferredChild(options.log, { executionId: run.executionId, instanceId: run.instanceId }),
              network: { allow },
              onRecord: (record) => run.recordCall(record),
              fetch: options.fetch,
              gate: (connection, budget) => connectionGate({ organizationId: run.organizationId, connection, budget }),
            },
            request,
          ),
        { connection: signingConnectionKey(run.manifest, request) },
        scope,
        connectionResolver,
        platformCall,
      );
  };
}
