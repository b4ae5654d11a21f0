import { createAuthorizer, isPerConnection, type ResolvedAuth } from "@/server/connectors/framework/auth";
import { noBlobStore, type BlobStore } from "@/server/connectors/framework/blobs";
import type { ActionContext, Connector, ConnectorContext, InstanceState } from "@/server/connectors/framework/define-connector";
import { createHttpClient, type HttpClientOptions } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import type { RecordSink } from "@/server/connectors/http/records";
import type { Logger } from "@/server/logger";

/** A manifest connection as the platform resolves it for one call: decrypted credentials and where the account lives. */
export interface ResolvedConnection {
  connector: string;
  auth: ResolvedAuth;
  accountLabel?: string;
  /** Overrides the connector's base URL (a Zendesk subdomain, a self-hosted GitLab). */
  baseUrl?: string;
  /** The stored connection (platform only; connectors never see it): its id, and a pause the provider asked for. */
  stored?: { id: string; pausedUntil: Date | null };
}

/** What the caller (flow runner, wizard, deploy hook) provides around a connector call. */
export interface ConnectorRuntime {
  network: NetworkPolicy;
  onRecord: RecordSink;
  state: InstanceState;
  /** The execution's files; absent outside an execution (wizard data sources, deploy hooks). */
  blobs?: BlobStore;
  log: Logger;
  signal: AbortSignal;
  /** Test seams and tuning for the HTTP client, and the connection's gate (rate budget) during an execution. */
  http?: Pick<HttpClientOptions, "fetch" | "sleep" | "lookup" | "timeoutMs" | "maxResponseBytes" | "retry" | "gate">;
}

function connectionView(connection: ResolvedConnection & { key: string }): NonNullable<ConnectorContext["connection"]> {
  const { auth } = connection;
  return {
    key: connection.key,
    ...(connection.accountLabel !== undefined ? { accountLabel: connection.accountLabel } : {}),
    ...(auth.kind === "credentials" ? { method: auth.method, credentials: Object.freeze({ ...auth.values }) } : {}),
  };
}

export function createConnectorContext(
  connector: Connector,
  connection: (ResolvedConnection & { key: string }) | null,
  runtime: ConnectorRuntime,
  idempotencyKey?: string,
): ConnectorContext {
  const http = createHttpClient({
    ...runtime.http,
    network: runtime.network,
    baseUrl: connection?.baseUrl ?? connector.baseUrl,
    // A generic connector talks to any host, so the host names the other side better than "HTTP" would.
    providerName: isPerConnection(connector.auth) ? undefined : connector.name,
    auth: createAuthorizer(connector.key, connector.auth, connection?.auth ?? null),
    onRecord: runtime.onRecord,
    idempotencyKey,
    signal: runtime.signal,
  });
  return {
    http,
    connection: connection ? connectionView(connection) : null,
    network: runtime.network,
    state: runtime.state,
    blobs: runtime.blobs ?? noBlobStore,
    log: runtime.log,
    signal: runtime.signal,
  };
}

export function createActionContext(
  connector: Connector,
  connection: (ResolvedConnection & { key: string }) | null,
  runtime: ConnectorRuntime,
  idempotencyKey: string,
): ActionContext {
  return { ...createConnectorContext(connector, connection, runtime, idempotencyKey), idempotencyKey };
}
