/**
 * What the manifest checks may know about the connectors a manifest refers to. Injected, so the
 * manifest module stays free of the connector code: the deployment's catalogue is built from its
 * connector registry (server/modules/integrations/manifest-catalogue.ts).
 */
export interface ConnectorMembers {
  actions: readonly string[];
  dataSources: readonly string[];
  pollers: readonly string[];
}

export interface ConnectorCatalogue {
  /**
   * Every connector key there is: a reference to any other is an error. Left out, references to
   * connectors the catalogue does not describe are not judged (a catalogue of some connectors only).
   */
  connectorKeys?: readonly string[];
  /** A connector's actions, data sources and pollers; undefined for a connector the catalogue does not know. */
  members(connector: string): ConnectorMembers | undefined;
}
