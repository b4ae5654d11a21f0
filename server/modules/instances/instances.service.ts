import { openJson, sealJson } from "@/server/crypto/keyring";
import type { Prisma } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { findIntegration } from "@/server/modules/integrations/integrations.repo";
import { requirePublishedVersion } from "@/server/modules/integrations/integrations.service";
import { createEndpointsFor, syncEndpoints } from "@/server/modules/endpoints/endpoints.service";
import { checkConfigValues } from "./config-values";
import { lifecycleFlowKeys, startLifecycleFlows } from "./lifecycle-flows";
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
      throw new AppError("BAD_REQUEST", `This integration has no connection "${key}" (it has ${known.length ? known.join(", ") : "none"}).`, { field: `connections.${key}` });
    }
  }
  const customer = await upsertCustomer(organizationId, input.customerExternalId, input.customerName);
  // With deploy flows the instance is `deploying` until they succeed (the settle task moves it on).
  const deploys = lifecycleFlowKeys(manifest, "instance.deploy").length > 0;
  try {
    return await insertInstance(
      {
        organizationId,
        customerId: customer.id,
        integrationId: integration.id,
        integrationVersionId: version.id,
        configValues: checked.values as Prisma.InputJsonValue,
        configSecretsEncrypted: Object.keys(checked.secrets).length ? sealJson(checked.secrets) : null,
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
            throw new AppError("BAD_REQUEST", `No unlinked "${key}" ${manifest.connections![key]!.connector} connection ${connectionId} for this customer.`, { field: `connections.${key}` });
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

/** Moves an instance to the latest published version; running executions keep the version they started on. */
export async function upgradeInstance(organizationId: string, instanceId: string) {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.");
  const version = await requirePublishedVersion(organizationId, instance.integrationId);
  await setInstanceVersion(organizationId, instanceId, version.id);
  await syncEndpoints(organizationId, instanceId, version.manifest as unknown as Manifest);
  return version;
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
