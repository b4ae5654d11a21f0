import { openJson } from "@/server/crypto/keyring";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { typedInMethods } from "@/server/connectors/framework/describe-auth";
import { oauth2Method } from "@/server/connectors/framework/auth";
import { connectorRegistry } from "@/server/connectors/registry";
import { findOwnedInstance, listInstanceConnections, type Owner } from "./embed-instances.repo";
import { resolveIcon } from "@/server/modules/icons/brand-icons";
import { manifestConnections } from "./wizard-pages";

export type { Owner };

/** The customer's instance or NOT_FOUND: another customer's id looks exactly like a missing one. */
export async function requireOwnedInstance(owner: Owner, instanceId: string) {
  const instance = await findOwnedInstance(owner, instanceId);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id for this customer.", { field: "instanceId" });
  return { ...instance, manifest: instance.integrationVersion.manifest as unknown as Manifest };
}

export type OwnedInstance = Awaited<ReturnType<typeof requireOwnedInstance>>;

export function storedSecrets(instance: { configSecretsEncrypted: string | null }): Record<string, string> {
  return instance.configSecretsEncrypted ? openJson<Record<string, string>>(instance.configSecretsEncrypted) : {};
}

/** The connector's logo (its own `icon`, else the brand its key names), or null for initials. */
export function connectorIcon(key: string) {
  return resolveIcon(connectorRegistry.get(key)?.icon ?? key);
}

export function connectorName(key: string): string | undefined {
  return connectorRegistry.get(key)?.name;
}

/** The connector's methods a customer can type credentials into (a token), for "use a token instead". */
export function tokenMethods(key: string) {
  const connector = connectorRegistry.get(key);
  return connector ? typedInMethods(connector.auth) : [];
}

/** Whether the connector connects through an OAuth sign-in popup (authorization code). */
export function hasOAuthSignIn(key: string): boolean {
  const connector = connectorRegistry.get(key);
  return connector ? oauth2Method(connector.auth)?.grant === "authorization_code" : false;
}

/** The manifest's connections with what the customer connected for this instance (newest wins). */
export async function instanceConnections(owner: Owner, instance: { id: string; manifest: Manifest }) {
  const rows = await listInstanceConnections(owner, instance.id);
  return Promise.all(
    manifestConnections(instance.manifest, connectorName).map(async (info) => {
      const row = rows.find((candidate) => candidate.key === info.key);
      return {
        ...info,
        icon: await connectorIcon(info.connector),
        signIn: hasOAuthSignIn(info.connector),
        tokenMethods: tokenMethods(info.connector),
        connection: row ? { id: row.id, accountLabel: row.accountLabel, status: row.status, statusReason: row.statusReason } : null,
      };
    }),
  );
}
