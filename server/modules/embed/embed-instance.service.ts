/**
 * What the customer can do with an instance of theirs. Every call first proves the instance is
 * the session customer's, then hands over to the instances services everyone uses.
 */
import { inTransaction } from "@/server/db/transaction";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { runtimeConfig } from "@/server/env";
import { listEndpointStatuses } from "@/server/modules/endpoints/endpoints.service";
import { latestPublishedVersion } from "@/server/modules/integrations/integrations.repo";
import { checkConfigValues, storedConfig } from "@/server/modules/instances/config-values";
import { pauseInstance, removeInstance, resumeInstance } from "@/server/modules/instances/instance-lifecycle.service";
import { ConfigInvalidError, upgradeInstance } from "@/server/modules/instances/instances.service";
import { redeployAfterChange } from "@/server/modules/instances/lifecycle-flows";
import { resolveIcon } from "@/server/modules/icons/brand-icons";
import { latestLifecycleRuns } from "./embed-logs.repo";
import { listOwnedInstances, writeInstanceConfig, type Owner } from "./embed-instances.repo";
import { instanceConnections, requireOwnedInstance, storedSecrets } from "./owned-instance";
import { knownValues, newFieldKeys, wizardPages } from "./wizard-pages";
import { isDraft, stripConnections } from "./wizard.service";

export async function listCustomerInstances(owner: Owner) {
  return (await listOwnedInstances(owner)).map((row) => ({
    id: row.id,
    status: row.status,
    integrationKey: row.integration.key,
    integrationName: row.integration.name,
  }));
}

export async function instanceOverview(owner: Owner, instanceId: string) {
  const instance = await requireOwnedInstance(owner, instanceId);
  const latest = await latestPublishedVersion(owner.organizationId, instance.integrationId);
  const upgrade =
    latest && latest.version > instance.integrationVersion.version
      ? {
          version: latest.version,
          releaseNotes: latest.releaseNotes,
          newFields: wizardPages(latest.manifest as unknown as Manifest)
            .flatMap((page) => page.fields)
            .filter((field) => newFieldKeys(instance.manifest, latest.manifest as unknown as Manifest).includes(field.key)),
        }
      : null;
  return {
    id: instance.id,
    status: instance.status,
    statusReason: instance.statusReason,
    integration: { key: instance.integration.key, name: instance.integration.name, icon: await resolveIcon(instance.integration.icon) },
    version: instance.integrationVersion.version,
    deployedAt: instance.deployedAt,
    versionActivatedAt: instance.versionActivatedAt,
    createdAt: instance.createdAt,
    values: instance.configValues as Record<string, unknown>,
    secretsSet: Object.keys(storedSecrets(instance)),
    pages: wizardPages(instance.manifest),
    connections: await instanceConnections(owner, instance),
    flows: instance.manifest.flows.map((flow) => ({ key: flow.key, name: flow.name ?? flow.key, trigger: flow.trigger.type })),
    lifecycle: await latestLifecycleRuns(owner, instance.id),
    upgrade,
    endpoints: await endpointsOf(owner, instance.id, instance.manifest),
  };
}

/** The instance's webhook URLs with their status; a customer configures a provider with them. */
async function endpointsOf(owner: Owner, instanceId: string, manifest: Manifest) {
  const names = new Map(manifest.flows.map((flow) => [flow.key, flow.name ?? flow.key]));
  const endpoints = await listEndpointStatuses(owner.organizationId, instanceId, runtimeConfig().publicUrl);
  return endpoints.map((endpoint) => ({
    id: endpoint.id,
    flowKey: endpoint.flowKey,
    flowName: endpoint.flowKey === null ? null : (names.get(endpoint.flowKey) ?? endpoint.flowKey),
    url: endpoint.url,
    status: endpoint.status,
    verifiedAt: endpoint.verifiedAt,
    lastAcceptedAt: endpoint.lastAcceptedAt,
    lastRejectedAt: endpoint.lastRejectedAt,
    lastRejectionReason: endpoint.lastRejectionReason,
  }));
}

/**
 * Saves a new configuration of a live instance (secrets left empty keep their value); its deploy
 * flows run again with it (redeployAfterChange).
 */
export async function reconfigureInstance(owner: Owner, instanceId: string, values: Record<string, unknown>) {
  const instance = await requireOwnedInstance(owner, instanceId);
  if (isDraft(instance.status)) throw new AppError("CONFLICT", "This instance is not deployed yet; finish the activation wizard instead.");
  if (instance.status === "removing") throw new AppError("CONFLICT", "This instance is being removed.");
  const checked = checkConfigValues(instance.manifest, stripConnections(instance.manifest, values), storedSecrets(instance));
  if (checked.problems.length) throw new ConfigInvalidError(checked.problems);
  const status = await inTransaction(async (tx) => {
    await writeInstanceConfig(owner, instance.id, storedConfig(checked), tx);
    return redeployAfterChange(tx, instance, instance.manifest);
  });
  return { instanceId: instance.id, integrationKey: instance.integration.key, version: instance.integrationVersion.version, status };
}

/** Moves to the latest published version, asking only for the fields that version added. */
export async function upgradeOwnedInstance(owner: Owner, instanceId: string, newValues: Record<string, unknown>) {
  const instance = await requireOwnedInstance(owner, instanceId);
  const latest = await latestPublishedVersion(owner.organizationId, instance.integrationId);
  if (!latest || latest.version <= instance.integrationVersion.version) throw new AppError("CONFLICT", "This instance already runs the latest version.");
  const next = latest.manifest as unknown as Manifest;
  const allowed = new Set(newFieldKeys(instance.manifest, next));
  const extra = Object.keys(newValues).filter((key) => !allowed.has(key));
  if (extra.length) throw new AppError("BAD_REQUEST", `${extra[0]} is not a new field of version ${latest.version}.`, { field: extra[0] });
  const merged = { ...knownValues(next, instance.configValues as Record<string, unknown>), ...newValues };
  const checked = checkConfigValues(next, merged, storedSecrets(instance));
  if (checked.problems.length) throw new ConfigInvalidError(checked.problems);
  await writeInstanceConfig(owner, instance.id, storedConfig(checked));
  const { version, status } = await upgradeInstance(owner.organizationId, instance.id);
  return { instanceId: instance.id, integrationKey: instance.integration.key, version: version.version, status };
}

export async function pauseOwnedInstance(owner: Owner, instanceId: string) {
  const instance = await requireOwnedInstance(owner, instanceId);
  await pauseInstance(owner.organizationId, instance.id);
  return { instanceId: instance.id, integrationKey: instance.integration.key };
}

export async function resumeOwnedInstance(owner: Owner, instanceId: string) {
  const instance = await requireOwnedInstance(owner, instanceId);
  await resumeInstance(owner.organizationId, instance.id);
  return { instanceId: instance.id, integrationKey: instance.integration.key };
}

export async function removeOwnedInstance(owner: Owner, instanceId: string) {
  const instance = await requireOwnedInstance(owner, instanceId);
  const result = await removeInstance(owner.organizationId, instance.id);
  return { instanceId: instance.id, integrationKey: instance.integration.key, status: result.status };
}
