import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import type { Owner } from "./embed-instances.repo";
import { findListedIntegration, listListedCategories, listListedIntegrations } from "./embed-marketplace.repo";
import { connectorName } from "./owned-instance";
import { manifestConnections, wizardPages } from "./wizard-pages";

/** Listed integrations with a published version; the customer's own instance marks them Active. */
export async function listMarketplace(owner: Owner, filter: { search?: string; category?: string }) {
  const [rows, categories] = await Promise.all([listListedIntegrations(owner.organizationId, owner.customerId, filter), listListedCategories(owner.organizationId)]);
  return {
    categories,
    items: rows.map((row) => ({
      key: row.key,
      name: row.name,
      description: row.description,
      category: row.category,
      icon: row.icon,
      instance: row.instances[0]
        ? {
            id: row.instances[0].id,
            status: row.instances[0].status,
            needsReconnect: row.instances[0].connections.map((c) => ({ key: c.key, connector: c.connector, label: connectorName(c.connector) ?? c.key, reason: c.statusReason })),
          }
        : null,
    })),
  };
}

export async function integrationDetail(owner: Owner, key: string) {
  const integration = await findListedIntegration(owner.organizationId, owner.customerId, key);
  const version = integration?.versions[0];
  if (!integration || !version) throw new AppError("NOT_FOUND", "No integration with that key in this marketplace.", { field: "key" });
  const manifest = version.manifest as unknown as Manifest;
  return {
    key: integration.key,
    name: integration.name,
    description: integration.description,
    category: integration.category,
    icon: integration.icon,
    version: version.version,
    releaseNotes: version.releaseNotes,
    connections: manifestConnections(manifest, connectorName),
    flows: manifest.flows
      .filter((flow) => flow.trigger.type !== "instance.deploy" && flow.trigger.type !== "instance.remove")
      .map((flow) => ({ key: flow.key, name: flow.name ?? flow.key, description: flow.description ?? null, trigger: flow.trigger.type })),
    configPages: wizardPages(manifest).map((page) => page.title),
    instance: integration.instances[0] ?? null,
  };
}
