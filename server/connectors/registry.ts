import { emailConnector } from "@/server/connectors/builtin/email";
import { filesConnector } from "@/server/connectors/builtin/files";
import { githubConnector } from "@/server/connectors/builtin/github";
import { httpConnector } from "@/server/connectors/builtin/http";
import { salesforceConnector } from "@/server/connectors/builtin/salesforce";
import { sftpConnector } from "@/server/connectors/builtin/sftp";
import { slackConnector } from "@/server/connectors/builtin/slack";
import { zendeskConnector } from "@/server/connectors/builtin/zendesk";
import { customConnectors } from "@/server/connectors/custom-connectors.generated";
import type { Connector } from "@/server/connectors/framework/define-connector";
import type { ConnectorCatalogue } from "@/server/manifest/connector-catalogue";

/** The connectors this deployment knows: built-ins plus the vendor's own (server/connectors/custom/<key>/). */
export interface ConnectorRegistry {
  get(key: string): Connector | undefined;
  list(): Connector[];
}

export const builtinConnectors: readonly Connector[] = [
  httpConnector,
  filesConnector,
  sftpConnector,
  emailConnector,
  githubConnector,
  zendeskConnector,
  slackConnector,
  salesforceConnector,
];

/**
 * Builds a registry, refusing duplicate keys and folders whose name differs from the key they
 * declare: either would make `Action: key.action` ambiguous or surprising.
 */
export function createConnectorRegistry(entries: ReadonlyArray<{ folder?: string; connector: Connector }>): ConnectorRegistry {
  const byKey = new Map<string, Connector>();
  for (const { folder, connector } of entries) {
    if (folder !== undefined && folder !== connector.key) {
      throw new Error(`the connector in server/connectors/custom/${folder}/ declares key "${connector.key}": rename the folder or the key so they match`);
    }
    if (byKey.has(connector.key)) throw new Error(`two connectors declare the key "${connector.key}"`);
    byKey.set(connector.key, connector);
  }
  return { get: (key) => byKey.get(key), list: () => [...byKey.values()] };
}

export const connectorRegistry: ConnectorRegistry = createConnectorRegistry([...builtinConnectors.map((connector) => ({ connector })), ...customConnectors]);

/** What the manifest checks need to know of the registry's connectors: their keys and members. */
export function connectorCatalogue(registry: ConnectorRegistry): ConnectorCatalogue {
  return {
    connectorKeys: registry.list().map((connector) => connector.key),
    members(key) {
      const connector = registry.get(key);
      if (!connector) return undefined;
      return { actions: Object.keys(connector.actions), dataSources: Object.keys(connector.dataSources ?? {}), pollers: Object.keys(connector.pollers ?? {}) };
    },
  };
}
