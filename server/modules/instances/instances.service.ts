import { openJson } from "@/server/crypto/keyring";
import { inTransaction } from "@/server/db/transaction";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { customerOnFirstSight } from "@/server/modules/customers/customers.service";
import { findIntegration } from "@/server/modules/integrations/integrations.repo";
import { requirePublishedVersion } from "@/server/modules/integrations/integrations.service";
import { createEndpointsFor, syncEndpoints } from "@/server/modules/endpoints/endpoints.service";
import { processSingleton } from "@/server/process-singleton";
import { checkConfigValues, storedConfig } from "./config-values";
import { lifecycleFlowKeys, redeployAfterChange, startLifecycleFlows } from "./lifecycle-flows";
import { findInstance, findInstanceForRun, insertInstance, setInstanceVersion } from "./instances.repo";

export class ConfigInvalidError extends AppError {
  constructor(readonly problems: { field: string; message: string }[]) {
    super("BAD_REQUEST", problems.map((p) => `${p.field} ${p.message}`).join("; "), { field: problems[0]?.field });
  }
}

/** Activates the latest published version of an integration for a customer with checked config values. */
export async function createInstance(
  organizationId: string,
  input: {
    integrationId: string;
    customerExternalId: string;
    customerName?: string;
    config: Record<string, unknown>;
    /** Manifest connection key → id of a connection the customer authorised before activating (not yet tied to an instance). */
    connections?: Record<string, string>;
  },
) {
  const integration = await findIntegration(organizationId, input.integrationId);
  if (!integration) throw new AppError("NOT_FOUND", "No integration with that id in this organization.", { field: "integrationId" });
  const version = await requirePublishedVersion(organizationId, integration.id);
  const checked = checkConfigValues(version.manifest as unknown as Manifest, input.config);
  if (checked.problems.length) throw new ConfigInvalidError(checked.problems);
  const manifest = version.manifest as unknown as Manifest;
  for (const key of Object.keys(input.connections ?? {})) {
    if (!manifest.connections?.[key]) {
      const known = Object.keys(manifest.connections ?? {});
      throw new AppError("BAD_REQUEST", `This integration has no connection "${key}" (it has ${known.length ? known.join(", ") : "none"}).`, {
        field: `connections.${key}`,
      });
    }
  }
  const customer = await customerOnFirstSight(organizationId, input.customerExternalId, input.customerName, {
    field: "customerExternalId",
    label: "customerExternalId",
  });
  // With deploy flows the instance is `deploying` until they succeed (the settle task moves it on).
  const deploys = lifecycleFlowKeys(manifest, "instance.deploy").length > 0;
  try {
    return await insertInstance(
      {
        organizationId,
        customerId: customer.id,
        integrationId: integration.id,
        integrationVersionId: version.id,
        ...storedConfig(checked),
        status: deploys ? "deploying" : "active",
      },
      async (tx, instance) => {
        // Linked before the deploy flows start, in the same transaction: they act with these connections.
        for (const [key, connectionId] of Object.entries(input.connections ?? {})) {
          const { count } = await tx.connection.updateMany({
            where: { organizationId, customerId: customer.id, id: connectionId, key, connector: manifest.connections![key]!.connector, instanceId: null },
            data: { instanceId: instance.id },
          });
          if (count === 0) {
            throw new AppError("BAD_REQUEST", `No unlinked "${key}" ${manifest.connections![key]!.connector} connection ${connectionId} for this customer.`, {
              field: `connections.${key}`,
            });
          }
        }
        await createEndpointsFor(organizationId, instance.id, manifest, tx);
        await startLifecycleFlows(tx, instance, manifest, "instance.deploy");
      },
    );
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "This customer already has an instance of this integration.");
    throw error;
  }
}

/**
 * Moves an instance to the latest published version; running executions keep the version they
 * started on. The new version's endpoints are in place before its deploy flows run again
 * (redeployAfterChange), which may register them with a provider.
 */
export async function upgradeInstance(organizationId: string, instanceId: string) {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.");
  const version = await requirePublishedVersion(organizationId, instance.integrationId);
  const manifest = version.manifest as unknown as Manifest;
  await setInstanceVersion(organizationId, instanceId, version.id);
  await syncEndpoints(organizationId, instanceId, manifest);
  const status = await inTransaction((tx) => redeployAfterChange(tx, { ...instance, integrationVersionId: version.id }, manifest));
  return { version, status };
}

export interface InstanceRunContext {
  instanceId: string;
  organizationId: string;
  customer: { id: string; externalId: string; name: string };
  integrationVersionId: string;
  version: number;
  manifest: Manifest;
  /** Plain values and decrypted secrets, as flows see them in `$$.Config`. */
  config: Record<string, unknown>;
  secretValues: string[];
}

export async function instanceRunContext(organizationId: string, instanceId: string): Promise<InstanceRunContext> {
  const instance = await findInstanceForRun(organizationId, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.");
  const secrets = instance.configSecretsEncrypted ? openJson<Record<string, string>>(instance.configSecretsEncrypted) : {};
  return {
    instanceId: instance.id,
    organizationId,
    customer: { id: instance.customer.id, externalId: instance.customer.externalId, name: instance.customer.name },
    integrationVersionId: instance.integrationVersion.id,
    version: instance.integrationVersion.version,
    manifest: instance.integrationVersion.manifest as unknown as Manifest,
    config: { ...(instance.configValues as Record<string, unknown>), ...secrets },
    secretValues: Object.values(secrets),
  };
}

/** What the ingest needs of an instance for every delivery: its pinned manifest and its config (secrets decrypted). */
export type DeliveryRunContext = Omit<InstanceRunContext, "customer"> & {
  /** The instance's `updated_at` when this context was read: accepting a delivery checks it still holds. */
  instanceUpdatedAt: Date;
};

const MAX_CACHED_RUN_CONTEXTS = 1000;
const deliveryContexts = processSingleton("instances.deliveryContexts", () => new Map<string, { stamp: string; context: DeliveryRunContext }>());

/**
 * `instanceRunContext` for the ingest, kept in process memory between deliveries. The caller
 * passes the instance's version and `updatedAt` as it just read them (the front-door query), and
 * the cached copy is used only while both still match: a published version never changes, and
 * every change of the instance's configuration moves `updatedAt`. So a delivery never sees older
 * config than the database held when it arrived, in any number of web processes, and the steady
 * state costs no query and no decryption.
 */
export async function deliveryRunContext(
  organizationId: string,
  instance: { id: string; integrationVersionId: string; updatedAt: Date },
): Promise<DeliveryRunContext> {
  const stamp = `${instance.integrationVersionId}@${instance.updatedAt.getTime()}`;
  const cached = deliveryContexts.get(instance.id);
  if (cached && cached.stamp === stamp && cached.context.organizationId === organizationId) return cached.context;
  const row = await findInstanceForRun(organizationId, instance.id);
  if (!row) throw new AppError("NOT_FOUND", "No instance with that id in this organization.");
  const secrets = row.configSecretsEncrypted ? openJson<Record<string, string>>(row.configSecretsEncrypted) : {};
  const context: DeliveryRunContext = {
    instanceId: row.id,
    organizationId,
    integrationVersionId: row.integrationVersion.id,
    version: row.integrationVersion.version,
    manifest: row.integrationVersion.manifest as unknown as Manifest,
    config: { ...(row.configValues as Record<string, unknown>), ...secrets },
    secretValues: Object.values(secrets),
    instanceUpdatedAt: row.updatedAt,
  };
  // Stored under the stamp of the row actually read (it may be newer than the caller's).
  deliveryContexts.delete(instance.id);
  if (deliveryContexts.size >= MAX_CACHED_RUN_CONTEXTS) deliveryContexts.delete(deliveryContexts.keys().next().value!);
  deliveryContexts.set(instance.id, { stamp: `${row.integrationVersionId}@${row.updatedAt.getTime()}`, context });
  return context;
}
