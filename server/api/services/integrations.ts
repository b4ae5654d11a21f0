/** Integration operations as the API and the console see them: DTOs in, DTOs out, scoped by organization. */
import { AppError } from "@/server/errors";
import {
  findIntegrationSummary,
  findVersionWithSource,
  listIntegrationsPage,
  updateIntegrationListing,
} from "@/server/modules/integrations/integration-queries.repo";
import { listVersions } from "@/server/modules/integrations/integrations.repo";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { loadDeploymentManifest } from "@/server/modules/integrations/manifest-catalogue";
import { versionDiff } from "@/server/modules/integrations/version-diff";
import { decodeCursor, pageOf } from "../pagination";
import { toIntegration, toVersionDetail } from "../schemas/integrations.schema";

const notFound = () => new AppError("NOT_FOUND", "No integration with that id in this organization.", { field: "id" });

export async function listIntegrations(organizationId: string, page: { cursor?: string; limit: number }) {
  const rows = await listIntegrationsPage(organizationId, { before: decodeCursor(page.cursor), take: page.limit + 1 });
  return pageOf(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }), toIntegration);
}

export async function getIntegration(organizationId: string, id: string) {
  const row = await findIntegrationSummary(organizationId, id);
  if (!row) throw notFound();
  return { ...toIntegration(row), versions: (await listVersions(organizationId, id)).map(toVersionDetail) };
}

export async function pushIntegrationManifest(organizationId: string, body: { source: string; format?: "yaml" | "json" }) {
  const pushed = await pushManifest(organizationId, body.source, { format: body.format });
  const summary = await findIntegrationSummary(organizationId, pushed.integration.id);
  return { integration: toIntegration(summary!), version: toVersionDetail(pushed.version), created: pushed.created };
}

/** Publishes a draft of this integration (a version id of another integration is not found), with the release notes customers will read. */
export async function publishIntegrationVersion(organizationId: string, integrationId: string, versionId: string, options: { releaseNotes?: string } = {}) {
  const version = await findVersionWithSource(organizationId, integrationId, versionId);
  if (!version) throw new AppError("NOT_FOUND", "This integration has no version with that id.", { field: "versionId" });
  return toVersionDetail(await publishVersion(organizationId, versionId, options));
}

export async function versionSource(organizationId: string, integrationId: string, versionId: string) {
  const version = await findVersionWithSource(organizationId, integrationId, versionId);
  if (!version) throw new AppError("NOT_FOUND", "This integration has no version with that id.", { field: "versionId" });
  return { ...toVersionDetail(version), source: version.source };
}

export async function diffVersions(organizationId: string, integrationId: string, fromVersionId: string, toVersionId: string) {
  const [from, to] = await Promise.all([versionSource(organizationId, integrationId, fromVersionId), versionSource(organizationId, integrationId, toVersionId)]);
  return { from: from.version, to: to.version, ...versionDiff(from.source, to.source) };
}

export async function updateListing(organizationId: string, id: string, data: { listed?: boolean; category?: string | null; icon?: string | null }) {
  const { count } = await updateIntegrationListing(organizationId, id, data);
  if (count === 0) throw notFound();
  return toIntegration((await findIntegrationSummary(organizationId, id))!);
}

/** Loads a manifest without storing it: the editor's live check and the CLI's `validate`. */
export function validateManifest(source: string, format?: "yaml" | "json") {
  const loaded = loadDeploymentManifest(source, { format });
  return loaded.ok
    ? { ok: true as const, errors: [], summary: { key: loaded.manifest.key, name: loaded.manifest.name, flows: loaded.manifest.flows.map((f) => f.key) } }
    : { ok: false as const, errors: loaded.errors, summary: null };
}
