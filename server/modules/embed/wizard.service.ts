/**
 * The activation wizard. Activating creates the instance as `configuring` (a draft that holds the
 * wizard's progress, so a reload resumes where the customer was, and that OAuth connections can
 * attach to); deploying checks everything and moves it to `deploying`/`active`.
 */
import { sealJson } from "@/server/crypto/keyring";
import { AppError } from "@/server/errors";
import type { Prisma } from "@/server/db/client";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { syncEndpoints } from "@/server/modules/endpoints/endpoints.service";
import { ConfigInvalidError } from "@/server/modules/instances/instances.service";
import { checkConfigValues, storedConfig, type ConfigProblem } from "@/server/modules/instances/config-values";
import { insertInstance, transitionInstance } from "@/server/modules/instances/instances.repo";
import { lifecycleFlowKeys, startLifecycleFlows } from "@/server/modules/instances/lifecycle-flows";
import { findListedIntegration } from "./embed-marketplace.repo";
import { saveWizardDraft, writeInstanceConfig, type Owner } from "./embed-instances.repo";
import { resolveIcon } from "@/server/modules/icons/brand-icons";
import { instanceConnections, requireOwnedInstance, storedSecrets, type OwnedInstance } from "./owned-instance";
import { wizardPages } from "./wizard-pages";

const DRAFT_STATUSES = ["configuring", "failed"] as const;

export async function activateIntegration(owner: Owner, integrationKey: string, options: { listedOnly?: boolean } = {}): Promise<{ instanceId: string }> {
  const integration = await findListedIntegration(owner.organizationId, owner.customerId, integrationKey, options);
  const version = integration?.versions[0];
  if (!integration || !version) {
    const where = options.listedOnly === false ? "with a published version in this organization" : "in this marketplace";
    throw new AppError("NOT_FOUND", `No integration with that key ${where}.`, { field: "integrationKey" });
  }
  if (integration.instances[0]) return { instanceId: integration.instances[0].id };
  try {
    const instance = await insertInstance({
      organizationId: owner.organizationId,
      customerId: owner.customerId,
      integrationId: integration.id,
      integrationVersionId: version.id,
      configValues: {},
      configSecretsEncrypted: null,
      status: "configuring",
    });
    return { instanceId: instance.id };
  } catch (error) {
    // Two tabs activating at once: both end up in the same draft.
    const again = await findListedIntegration(owner.organizationId, owner.customerId, integrationKey, options);
    if ((error as { code?: string }).code === "P2002" && again?.instances[0]) return { instanceId: again.instances[0].id };
    throw error;
  }
}

interface WizardProgress {
  page: number;
  values: Record<string, unknown>;
}

function progressOf(instance: OwnedInstance): WizardProgress | null {
  const raw = instance.wizardProgress as Partial<WizardProgress> | null;
  if (!raw || typeof raw !== "object") return null;
  return { page: typeof raw.page === "number" ? raw.page : 0, values: raw.values && typeof raw.values === "object" ? raw.values : {} };
}

export function isDraft(status: string): boolean {
  return (DRAFT_STATUSES as readonly string[]).includes(status);
}

export async function wizardState(owner: Owner, instanceId: string) {
  const instance = await requireOwnedInstance(owner, instanceId);
  const progress = progressOf(instance);
  const secrets = storedSecrets(instance);
  const pages = wizardPages(instance.manifest);
  return {
    instanceId: instance.id,
    status: instance.status,
    statusReason: instance.statusReason,
    integration: { key: instance.integration.key, name: instance.integration.name, icon: await resolveIcon(instance.integration.icon) },
    version: instance.integrationVersion.version,
    pages,
    connections: await instanceConnections(owner, instance),
    values: { ...(instance.configValues as Record<string, unknown>), ...(progress?.values ?? {}) },
    secretsSet: Object.keys(secrets),
    page: Math.min(progress?.page ?? 0, pages.length),
  };
}

/** Splits what the form sent: secrets go encrypted, the rest into the draft. */
function splitSecrets(manifest: Manifest, values: Record<string, unknown>) {
  const secretKeys = new Set(
    wizardPages(manifest)
      .flatMap((p) => p.fields)
      .filter((f) => f.type === "secret")
      .map((f) => f.key),
  );
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (secretKeys.has(key)) {
      if (typeof value === "string" && value !== "") secrets[key] = value;
    } else plain[key] = value;
  }
  return { plain, secrets };
}

async function connectionProblems(owner: Owner, instance: OwnedInstance, keys: string[]): Promise<ConfigProblem[]> {
  const connections = await instanceConnections(owner, instance);
  return connections
    .filter((c) => keys.includes(c.key) && c.required && c.connection?.status !== "active")
    .map((c) => ({ field: c.key, message: c.connection ? `the ${c.label} connection needs reconnecting; reconnect it` : `connect your ${c.label} account` }));
}

/** Saves the wizard's position and values; with `validate`, checks the page first and moves on only when it passes. */
export async function saveWizardPage(owner: Owner, instanceId: string, input: { page: number; values: Record<string, unknown>; validate: boolean }) {
  const instance = await requireOwnedInstance(owner, instanceId);
  const pages = wizardPages(instance.manifest);
  const current = pages[input.page];
  const { plain, secrets } = splitSecrets(instance.manifest, input.values);
  const previousSecrets = storedSecrets(instance);
  let problems: ConfigProblem[] = [];
  if (input.validate && current) {
    const pageValues = Object.fromEntries(current.fields.filter((f) => f.type !== "connection").map((f) => [f.key, input.values[f.key]]));
    problems = checkConfigValues({ config: { pages: [current] } }, pageValues, previousSecrets).problems;
    problems.push(
      ...(await connectionProblems(
        owner,
        instance,
        current.fields.flatMap((f) => (f.type === "connection" ? [f.connection] : [])),
      )),
    );
  }
  const page = Math.max(0, Math.min(input.validate && problems.length === 0 ? input.page + 1 : input.page, pages.length));
  // A live instance's secrets change only when the reconfiguration is saved, never from a draft.
  const keepSecrets = isDraft(instance.status) && Object.keys(secrets).length > 0;
  await saveWizardDraft(owner, instance.id, {
    wizardProgress: { page, values: plain } as Prisma.InputJsonValue,
    ...(keepSecrets ? { configSecretsEncrypted: sealJson({ ...previousSecrets, ...secrets }) } : {}),
  });
  return { problems, page };
}

/** Checks all pages and the connections, stores the configuration, and starts the deploy flows. */
export async function deployWizard(owner: Owner, instanceId: string, values: Record<string, unknown>) {
  const instance = await requireOwnedInstance(owner, instanceId);
  if (!isDraft(instance.status)) throw new AppError("CONFLICT", `This instance is already ${instance.status}; reconfigure it from its page instead.`);
  const checked = checkConfigValues(instance.manifest, stripConnections(instance.manifest, values), storedSecrets(instance));
  const problems = [...checked.problems, ...(await connectionProblems(owner, instance, Object.keys(instance.manifest.connections ?? {})))];
  if (problems.length) throw new ConfigInvalidError(problems);
  const deploys = lifecycleFlowKeys(instance.manifest, "instance.deploy").length > 0;
  await syncEndpoints(owner.organizationId, instance.id, instance.manifest);
  const moved = await transitionInstance(
    owner.organizationId,
    instance.id,
    [...DRAFT_STATUSES],
    { status: deploys ? "deploying" : "active", statusReason: null, ...(deploys ? {} : { deployedAt: new Date() }) },
    async (tx) => {
      await writeInstanceConfig(owner, instance.id, storedConfig(checked), tx);
      await startLifecycleFlows(tx, instance, instance.manifest, "instance.deploy");
    },
  );
  if (!moved) throw new AppError("CONFLICT", "This instance changed status meanwhile; reload and try again.");
  return {
    instanceId: instance.id,
    status: deploys ? ("deploying" as const) : ("active" as const),
    integrationKey: instance.integration.key,
    version: instance.integrationVersion.version,
  };
}

export function stripConnections(manifest: Manifest, values: Record<string, unknown>): Record<string, unknown> {
  const connectionKeys = new Set(
    wizardPages(manifest)
      .flatMap((p) => p.fields)
      .filter((f) => f.type === "connection")
      .map((f) => f.key),
  );
  return Object.fromEntries(Object.entries(values).filter(([key]) => !connectionKeys.has(key)));
}
