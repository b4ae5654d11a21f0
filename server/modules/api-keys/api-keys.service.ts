import { randomToken, sha256Hex } from "@/server/crypto/tokens";
import { AppError } from "@/server/errors";
import { findActiveApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey } from "./api-keys.repo";

export const API_KEY_PREFIX = "sy_live_";

export function isApiKeyToken(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** Creates a key; the full key is returned this once and only its sha256 is stored. */
export async function createApiKey(organizationId: string, name: string, createdById?: string) {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const summary = await insertApiKey({ organizationId, name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hash: sha256Hex(key), createdById });
  return { ...summary, key };
}

export function apiKeysOf(organizationId: string) {
  return listApiKeys(organizationId);
}

export async function revokeKey(organizationId: string, id: string) {
  const { count } = await revokeApiKey(organizationId, id);
  if (count === 0) throw new AppError("NOT_FOUND", "No active API key with that id in this organization.");
}

export function resolveApiKey(token: string) {
  return findActiveApiKeyByHash(sha256Hex(token));
}
