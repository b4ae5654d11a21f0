import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { resolveIcon, resolveIcons } from "@/server/modules/icons/brand-icons";
import type { Owner } from "./embed-instances.repo";
import { findListedIntegration, listListedCategories, listListedIntegrations, type MarketplaceViewer } from "./embed-marketplace.repo";
import { connectorIcon, connectorName } from "./owned-instance";
import { manifestConnections, wizardPages } from "./wizard-pages";

export interface MarketplaceFilter {
  search?: string;
  category?: string;
}

/**
 * Listed integrations with a published version. With a customer, their own instance marks a card
 * Active; without one (the listing rendered before the session exists, see public-marketplace.ts)
 * every card is shown as not activated.
 */
export async function listMarketplace(organizationId: string, viewer: MarketplaceViewer, filter: MarketplaceFilter) {
  const [rows, categories] = await Promise.all([listListedIntegrations(organizationId, viewer, filter), listListedCategories(organizationId)]);
  const icons = await resolveIcons(rows.map((row) => row.icon));
  return {
    categories,
    items: rows.map((row, index) => ({
      key: row.key,
      name: row.name,
      description: row.description,
      category: row.category,
      icon: icons[index] ?? null,
      instance: row.instances[0]
        ? {
            id: row.instances[0].id,
            status: row.instances[0].status,
            needsReconnect: row.instances[0].connections.map((c) => ({
              key: c.key,
              connector: c.connector,
              label: connectorName(c.connector) ?? c.key,
              reason: c.statusReason,
            })),
          }
        : null,
    })),
  };
}

export type MarketplacePage = Awaited<ReturnType<typeof listMarketplace>>;

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
    icon: await resolveIcon(integration.icon),
    version: version.version,
    releaseNotes: version.releaseNotes,
    connections: await Promise.all(
      manifestConnections(manifest, connectorName).map(async (connection) => ({ ...connection, icon: await connectorIcon(connection.connector) })),
    ),
    flows: manifest.flows
      .filter((flow) => flow.trigger.type !== "instance.deploy" && flow.trigger.type !== "instance.remove")
      .map((flow) => ({ key: flow.key, name: flow.name ?? flow.key, description: flow.description ?? null, trigger: flow.trigger.type })),
    configPages: wizardPages(manifest).map((page) => page.title),
    instance: integration.instances[0] ?? null,
  };
}
