import { openJson } from "@/server/crypto/keyring";
import { inTransaction } from "@/server/db/transaction";
import { AppError } from "@/server/errors";
import { pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { checkConfigValues, storedConfig } from "./config-values";
import { findInstance } from "./instances.repo";
import { ConfigInvalidError } from "./instances.service";
import { updateInstanceConfig } from "./instance-queries.repo";
import { redeployAfterChange } from "./lifecycle-flows";

/**
 * Replaces an instance's config values, checked against its pinned version. Secrets left out keep
 * their stored value; running executions keep the config they started with only for what they
 * already read (flows read `$$.Config` when they load). The deploy flows run again with the new
 * values, in the same transaction as the change (redeployAfterChange).
 */
export async function reconfigureInstance(organizationId: string, instanceId: string, config: Record<string, unknown>) {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
  if (instance.status === "removing") throw new AppError("CONFLICT", "This instance is being removed and can no longer be reconfigured.");
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
  const previousSecrets = instance.configSecretsEncrypted ? openJson<Record<string, string>>(instance.configSecretsEncrypted) : {};
  const checked = checkConfigValues(manifest, config, previousSecrets);
  if (checked.problems.length) throw new ConfigInvalidError(checked.problems);
  await inTransaction(async (tx) => {
    await updateInstanceConfig(organizationId, instanceId, storedConfig(checked), tx);
    await redeployAfterChange(tx, instance, manifest);
  });
}
