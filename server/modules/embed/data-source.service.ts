/**
 * Options for a wizard dropdown fed by a connector data source (the customer's repositories,
 * projects…), fetched with the customer's own connection. A provider failure is shown to the
 * customer as the provider's message, since only they can fix it (reconnect, grant access).
 */
import { createConnectorContext } from "@/server/connectors/framework/context";
import { runDataSource } from "@/server/connectors/framework/run-member";
import { connectorRegistry } from "@/server/connectors/registry";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { resolveInstanceConnection } from "@/server/modules/connections/resolve-connection";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { latestPublishedVersion } from "@/server/modules/integrations/integrations.repo";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { networkAllowList } from "@/server/modules/organizations/organizations.repo";
import type { Owner } from "./embed-instances.repo";
import { requireOwnedInstance } from "./owned-instance";
import { wizardPages } from "./wizard-pages";

const TIMEOUT_MS = 15_000;

export interface DataSourceOptions {
  /** Destinations every organization may reach (the app itself when the sandbox is on). */
  alwaysAllow: () => string[];
}

export async function loadDataSourceOptions(
  owner: Owner,
  input: { instanceId: string; fieldKey: string; search?: string; cursor?: string },
  options: DataSourceOptions,
) {
  const instance = await requireOwnedInstance(owner, input.instanceId);
  // The upgrade form asks for fields of the latest version, which the pinned one may lack.
  const latest = await latestPublishedVersion(owner.organizationId, instance.integrationId);
  const manifests = [instance.manifest, ...(latest ? [latest.manifest as unknown as Manifest] : [])];
  const field = manifests.flatMap((manifest) => wizardPages(manifest).flatMap((page) => page.fields)).find((candidate) => candidate.key === input.fieldKey);
  if (!field || (field.type !== "select" && field.type !== "multiselect") || !field.dataSource) {
    throw new AppError("BAD_REQUEST", `The field "${input.fieldKey}" does not load its options from a data source.`, { field: "fieldKey" });
  }
  const source = field.dataSource;
  const connector = connectorRegistry.get(source.connector);
  if (!connector) throw new AppError("UNPROCESSABLE_CONTENT", `This server has no "${source.connector}" connector to load the options from.`);
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const connection = await resolveInstanceConnection(owner.organizationId, instance.id, source.connection);
    const allow = [...options.alwaysAllow(), ...(await networkAllowList(owner.organizationId))];
    const ctx = createConnectorContext(
      connector,
      { ...connection, key: source.connection },
      {
        network: { allow },
        onRecord: () => undefined,
        state: instanceStateStore(instance.id),
        log: logger().child({ instanceId: instance.id, dataSource: `${source.connector}.${source.source}` }),
        signal,
      },
    );
    return await runDataSource(connector, source.source, ctx, { search: input.search || undefined, cursor: input.cursor || undefined });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = signal.aborted ? `${connector.name} did not answer within ${TIMEOUT_MS / 1000} s.` : error instanceof Error ? error.message : String(error);
    throw new AppError("UNPROCESSABLE_CONTENT", `Could not load the options from ${connector.name}: ${message}`, { field: input.fieldKey });
  }
}
