/**
 * Builds the `invokeAction` the engine calls for Action states of one claimed run: connector and
 * manifest HTTP actions with the instance's connections, instance state, the organization's network
 * policy and HTTP records kept with the step.
 */
import { invokeFlowAction } from "@/server/connectors/invoke";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { PlatformUnavailableError } from "@/server/engine/errors";
import type { Logger } from "@/server/logger";
import { resolveInstanceConnection } from "@/server/modules/connections/resolve-connection";
import { DEFAULT_BLOB_MAX_BYTES, postgresBlobStore } from "@/server/modules/blobs/blob-store";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import type { ActionInvoker } from "./run-states";

export interface ActionInvokerOptions {
  log: Logger;
  /** Extra destinations every organization may reach: the app's /sandbox/ routes when the sandbox is on. */
  alwaysAllow: string[];
  fetch?: typeof fetch;
  /** The largest file an action may store (BLOB_MAX_BYTES); 10 MiB when not given. */
  maxBlobBytes?: number;
}

/**
 * Runs one of the platform's own reads or writes during a step. A database outage there is not
 * the flow's error: it becomes a PlatformUnavailableError, which stops the step uncommitted
 * instead of failing (or retrying) the flow. Connector HTTP errors never pass through here.
 */
export async function platformCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new PlatformUnavailableError("the database could not be reached during the step; it will run again", { cause: error });
    throw error;
  }
}

export function createActionInvoker(options: ActionInvokerOptions): ActionInvoker {
  return (run) => {
    // The organization's allow-list as the claim read it, in the same statement.
    const allow = [...options.alwaysAllow, ...run.networkAllowList];
    const state = instanceStateStore(run.instanceId);
    return async (request) =>
      invokeFlowAction(
        {
          manifest: run.manifest,
          resolveConnection: (key) => platformCall(() => resolveInstanceConnection(run.organizationId, run.instanceId, key)),
          state: {
            get: <T>(key: string) => platformCall(() => state.get<T>(key)),
            set: (key: string, value: unknown) => platformCall(() => state.set(key, value)),
            delete: (key: string) => platformCall(() => state.delete(key)),
          },
          blobs: postgresBlobStore({ organizationId: run.organizationId, instanceId: run.instanceId, executionId: run.executionId }, options.maxBlobBytes ?? DEFAULT_BLOB_MAX_BYTES),
          log: options.log.child({ executionId: run.executionId, instanceId: run.instanceId }),
          network: { allow },
          onRecord: (record) => run.recordCall(record),
          fetch: options.fetch,
        },
        request,
      );
  };
}
