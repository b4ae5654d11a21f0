import { db } from "@/server/db/client";

export function insertApiKey(data: { organizationId: string; name: string; prefix: string; hash: string; createdById?: string }) {
  return db().apiKey.create({ data, select: apiKeySummary });
}

export const apiKeySummary = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export function listApiKeys(organizationId: string) {
  return db().apiKey.findMany({ where: { organizationId }, orderBy: { createdAt: "desc" }, select: apiKeySummary });
}

export function revokeApiKey(organizationId: string, id: string) {
  return db().apiKey.updateMany({ where: { organizationId, id, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Looks a presented key up by its hash; revoked keys do not match. */
export async function findActiveApiKeyByHash(hash: string) {
  const key = await db().apiKey.findUnique({ where: { hash }, select: { id: true, organizationId: true, revokedAt: true, lastUsedAt: true } });
  if (!key || key.revokedAt) return null;
  // Touch at most once a minute: a hot key should not turn every request into a write.
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: key.id, organizationId: key.organizationId };
}
