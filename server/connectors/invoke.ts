import { isPerConnection } from "@/server/connectors/framework/auth";
import { createActionContext, type ConnectorRuntime, type ResolvedConnection } from "@/server/connectors/framework/context";
import type { BlobStore } from "@/server/connectors/framework/blobs";
import type { Connector, InstanceState } from "@/server/connectors/framework/define-connector";
import { findAction, runConnectorAction } from "@/server/connectors/framework/run-member";
import type { HttpClientOptions } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import type { HttpRecord } from "@/server/connectors/http/records";
import type { RequestGate } from "@/server/connectors/http/request-gate";
import type { RateBudget } from "@/server/connectors/framework/rate-budget";
import { runManifestHttpAction } from "@/server/connectors/manifest-http-action";
import { connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import { NonRetryableError } from "@/server/engine/errors";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { deferredChild, type Logger } from "@/server/logger";
import type { Manifest } from "@/server/manifest/manifest.schema";

/** Everything the flow runner supplies so an action can run; connectors see only what is built from it. */
export interface ActionEnvironment {
  /** The pinned manifest version of the execution (its HTTP `actions`, its connections' rate budgets). */
  manifest: Pick<Manifest, "actions"> & Partial<Pick<Manifest, "connections">>;
  /** Decrypts a manifest connection of this instance; throws when the customer has not connected it. */
  resolveConnection(connectionKey: string): Promise<ResolvedConnection>;
  state: InstanceState;
  /** The execution's files (`{ $blob }` references). */
  blobs?: BlobStore;
  log: Logger;
  /** The organization's allow-list for the SSRF guard. */
  network: NetworkPolicy;
  /** Receives one redacted record per HTTP exchange, for the execution log. */
  onRecord(record: HttpRecord): void;
  fetch?: typeof fetch;
  /** Test seams and tuning for the HTTP client (retry waits, DNS). */
  http?: Pick<HttpClientOptions, "sleep" | "lookup" | "timeoutMs" | "maxResponseBytes" | "retry">;
  /** Defaults to this deployment's registry. */
  registry?: ConnectorRegistry;
  /**
   * The gate in front of a connection's calls (its rate budget, the provider's pauses), given the
   * connection and its budget: the manifest connection's `rateLimit`, else its connector's.
   */
  gate?: (connection: ResolvedConnection & { key: string }, budget: RateBudget | undefined) => RequestGate | undefined;
}

/** Stands in for a connector when a manifest action uses a connection whose connector this deployment lacks. */
function genericConnector(key: string): Connector {
  return { key, name: key, auth: { kind: "perConnection" }, actions: {} };
}

/**
 * A generic connector (http) using another connector's connection signs requests the way that
 * connector does (its API key header, its base URL) and names it in errors.
 */
function borrowingConnector(connector: Connector, connection: ResolvedConnection | null, registry: ConnectorRegistry): Connector {
  if (!isPerConnection(connector.auth) || !connection) return connector;
  const owner = registry.get(connection.connector);
  if (!owner || owner === connector) return connector;
  return { ...connector, name: owner.name, auth: owner.auth, baseUrl: owner.baseUrl ?? connector.baseUrl };
}

async function resolve(env: ActionEnvironment, key: string | undefined): Promise<(ResolvedConnection & { key: string }) | null> {
  return key === undefined ? null : { ...(await env.resolveConnection(key)), key };
}

/** The budget a connection's calls share: the manifest connection's `rateLimit`, else its connector's default. */
function budgetOf(env: ActionEnvironment, connection: ResolvedConnection & { key: string }, registry: ConnectorRegistry): RateBudget | undefined {
  const declared =
    env.manifest.connections && Object.hasOwn(env.manifest.connections, connection.key) ? env.manifest.connections[connection.key].rateLimit : undefined;
  return declared ?? registry.get(connection.connector)?.rateLimit;
}

function runtimeFor(
  env: ActionEnvironment,
  request: InvokeActionRequest,
  log: Logger,
  connection: (ResolvedConnection & { key: string }) | null,
  registry: ConnectorRegistry,
): ConnectorRuntime {
  const gate = connection && env.gate ? env.gate(connection, budgetOf(env, connection, registry)) : undefined;
  return {
    network: env.network,
    onRecord: env.onRecord,
    state: env.state,
    ...(env.blobs ? { blobs: env.blobs } : {}),
    log,
    signal: request.signal,
    http: { ...env.http, ...(env.fetch ? { fetch: env.fetch } : {}), ...(gate ? { gate } : {}) },
  };
}

/**
 * The one entry the flow runner calls for an Action state. `Action: zendesk.createTicket` runs a
 * connector action (connector key, first dot, action key); a name without a dot runs one of the
 * manifest's HTTP `actions`. Whatever is thrown follows the engine's error rules (errors.ts).
 */
export async function invokeFlowAction(env: ActionEnvironment, request: InvokeActionRequest): Promise<unknown> {
  const registry = env.registry ?? connectorRegistry;
  const dot = request.action.indexOf(".");
  if (dot === -1) return invokeManifestAction(env, request, registry);

  const connectorKey = request.action.slice(0, dot);
  const actionKey = request.action.slice(dot + 1);
  const connector = registry.get(connectorKey);
  if (!connector)
    throw new NonRetryableError(
      `unknown connector "${connectorKey}" in Action "${request.action}": this deployment has ${registry
        .list()
        .map((c) => c.key)
        .join(", ")}`,
    );
  if (!findAction(connector, actionKey)) {
    throw new NonRetryableError(
      `connector "${connectorKey}" has no action "${actionKey}" (its actions: ${Object.keys(connector.actions).join(", ") || "none"})`,
    );
  }
  const connection = await resolve(env, request.connection);
  // A generic connector (http) may borrow any connection's credentials; a specific one needs its own kind.
  if (connection && connection.connector !== connector.key && !isPerConnection(connector.auth)) {
    throw new NonRetryableError(
      `Action "${request.action}" needs a ${connector.key} connection, but Connection "${connection.key}" is a ${connection.connector} connection`,
    );
  }
  const log = deferredChild(env.log, { connector: connector.key, action: actionKey, state: request.stateName });
  const signing = borrowingConnector(connector, connection, registry);
  const ctx = createActionContext(signing, connection, runtimeFor(env, request, log, connection, registry), request.idempotencyKey);
  return runConnectorAction(connector, actionKey, ctx, request.parameters);
}

async function invokeManifestAction(env: ActionEnvironment, request: InvokeActionRequest, registry: ConnectorRegistry): Promise<unknown> {
  const actions = env.manifest.actions ?? {};
  const definition = Object.hasOwn(actions, request.action) ? actions[request.action] : undefined;
  if (!definition) {
    const known = Object.keys(actions).join(", ") || "none";
    throw new NonRetryableError(
      `Action "${request.action}" is neither a connector action (connector.action) nor one of the manifest's HTTP actions (${known})`,
    );
  }
  // The action's own `connection` names whose credentials sign it; the state's Connection is the fallback.
  const connection = await resolve(env, definition.connection ?? request.connection);
  const connector = connection ? (registry.get(connection.connector) ?? genericConnector(connection.connector)) : genericConnector("http");
  const log = deferredChild(env.log, { action: request.action, state: request.stateName });
  const ctx = createActionContext(connector, connection, runtimeFor(env, request, log, connection, registry), request.idempotencyKey);
  return runManifestHttpAction({ key: request.action, definition, input: request.parameters, context: request.context, http: ctx.http });
}

/**
 * The manifest connection whose credentials sign an action's calls: a manifest action's own
 * `connection`, else the state's Connection (what `invokeFlowAction` resolves).
 */
export function signingConnectionKey(manifest: ActionEnvironment["manifest"], request: Pick<InvokeActionRequest, "action" | "connection">): string | undefined {
  const actions = manifest.actions ?? {};
  const definition = !request.action.includes(".") && Object.hasOwn(actions, request.action) ? actions[request.action] : undefined;
  return definition?.connection ?? request.connection;
}
