import { db } from "@/server/db/client";
import type { EmbedKeyAlgorithm } from "@/server/db/generated/enums";

const publicColumns = { id: true, algorithm: true, kid: true, revokedAt: true, createdAt: true } as const;

export function insertEmbedKey(data: {
  organizationId: string;
  algorithm: EmbedKeyAlgorithm;
  kid: string;
  publicKeyPem: string | null;
  secretEncrypted: string | null;
}) {
  return db().embedKey.create({ data, select: publicColumns });
}

export function listEmbedKeys(organizationId: string) {
  return db().embedKey.findMany({ where: { organizationId }, orderBy: { createdAt: "desc" }, select: publicColumns });
}

/** The key a JWT names (issuer + kid); revoked keys are not returned. */
export function findActiveEmbedKey(organizationId: string, kid: string) {
  return db().embedKey.findFirst({ where: { organizationId, kid, revokedAt: null } });
}

/**
 * Whether an embed session may still be used: the key that signed its token is not revoked and its
 * customer exists, both in the session's organization. One query on two primary keys; it runs on
 * every request an embed session makes.
 */
export async function embedSessionIsLive(session: { organizationId: string; customerId: string; embedKeyId: string }): Promise<boolean> {
  const live = await db().customer.count({
    where: {
      id: session.customerId,
      organizationId: session.organizationId,
      organization: { embedKeys: { some: { id: session.embedKeyId, revokedAt: null } } },
    },
  });
  return live > 0;
}

export function revokeEmbedKeyRow(organizationId: string, id: string) {
  return db().embedKey.updateMany({ where: { organizationId, id, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * The first active key with this kid in any organization. Only the sandbox demo uses it: its
 * vendor page stands for "the" vendor of this installation.
 */
export function findFirstActiveKeyByKid(kid: string, algorithm: EmbedKeyAlgorithm) {
  return db().embedKey.findFirst({ where: { kid, algorithm, revokedAt: null }, orderBy: { createdAt: "asc" } });
}
