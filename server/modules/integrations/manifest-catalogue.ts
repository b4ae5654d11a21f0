/**
 * The connectors a manifest may use on this deployment: the registry's (built-in and the vendor's
 * own) plus the platform's `switchyard` actions. The editor's check, draft save, publish, the
 * REST/tRPC push and the CLI judge manifests with it, so an `Action: zendesk.addComent` is refused
 * before any customer's run fails on it.
 */
import { connectorCatalogue, connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import type { ConnectorCatalogue } from "@/server/manifest/connector-catalogue";
import { loadManifest, type LoadManifestOptions } from "@/server/manifest/load-manifest";
import { PLATFORM_ACTION_NAMES, PLATFORM_CONNECTOR } from "@/server/manifest/platform-action-names";

export function deploymentCatalogue(registry: ConnectorRegistry = connectorRegistry): ConnectorCatalogue {
  const connectors = connectorCatalogue(registry);
  const platform = { actions: [...PLATFORM_ACTION_NAMES], dataSources: [], pollers: [] };
  return {
    connectorKeys: [...(connectors.connectorKeys ?? []), PLATFORM_CONNECTOR],
    members: (key) => (key === PLATFORM_CONNECTOR ? platform : connectors.members(key)),
  };
}

let cached: ConnectorCatalogue | undefined;

/**
 * Loads a manifest as this deployment judges it (the catalogue above). `options.catalogue`
 * replaces it (tests with connectors of their own).
 */
export function loadDeploymentManifest(source: string, options: LoadManifestOptions = {}) {
  return loadManifest(source, { ...options, catalogue: options.catalogue ?? (cached ??= deploymentCatalogue()) });
}

/** Loads a manifest without storing it: the editor's live check and the CLI's `validate`. */
export function validateManifest(source: string, format?: "yaml" | "json") {
  const loaded = loadDeploymentManifest(source, { format });
  return loaded.ok
    ? { ok: true as const, errors: [], summary: { key: loaded.manifest.key, name: loaded.manifest.name, flows: loaded.manifest.flows.map((f) => f.key) } }
    : { ok: false as const, errors: loaded.errors, summary: null };
}
