/**
 * Embed keys sign the vendor's JWTs. RS256: the vendor keeps the private key and registers the
 * public one. HS256: we generate a shared secret, show it once and keep it encrypted.
 */
import { importSPKI } from "jose";
import { sealJson } from "@/server/crypto/keyring";
import { randomToken } from "@/server/crypto/tokens";
import { AppError } from "@/server/errors";
import { insertEmbedKey, listEmbedKeys, revokeEmbedKeyRow } from "./embed-keys.repo";

const KID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Key ids the demo keeps for itself: the sandbox's vendor page signs with the key of this prefix
 * (server/modules/demo/seed-demo.ts), and only the organization the demo was seeded into may hold it.
 */
export const DEMO_KID_PREFIX = "sandbox-";

function chooseKid(kid: string | undefined, options: KeyOptions): string {
  if (kid === undefined) return `key_${randomToken(9)}`;
  if (!KID_PATTERN.test(kid)) throw new AppError("BAD_REQUEST", "A key id may hold letters, digits, dot, dash and underscore (at most 100).", { field: "kid" });
  if (kid.startsWith(DEMO_KID_PREFIX) && !options.demo)
    throw new AppError("BAD_REQUEST", `Key ids starting with "${DEMO_KID_PREFIX}" are kept for the demo; choose another.`, { field: "kid" });
  return kid;
}

/** `demo`: the demo seed's own key, which may take a reserved id. */
interface KeyOptions {
  demo?: boolean;
}

async function saveKey(data: Parameters<typeof insertEmbedKey>[0]) {
  try {
    return await insertEmbedKey(data);
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new AppError("CONFLICT", `An embed key with the id "${data.kid}" already exists.`, { field: "kid" });
    throw error;
  }
}

/** Registers the public half of the vendor's RSA key pair (SPKI PEM, `-----BEGIN PUBLIC KEY-----`). */
export async function registerPublicKey(organizationId: string, input: { publicKeyPem: string; kid?: string }, options: KeyOptions = {}) {
  const pem = input.publicKeyPem.trim();
  try {
    await importSPKI(pem, "RS256");
  } catch {
    throw new AppError("BAD_REQUEST", "That is not an RSA public key in PEM form (-----BEGIN PUBLIC KEY-----).", { field: "publicKeyPem" });
  }
  return saveKey({ organizationId, algorithm: "RS256", kid: chooseKid(input.kid, options), publicKeyPem: pem, secretEncrypted: null });
}

/** Generates an HS256 secret. The secret is returned here only; afterwards it is stored encrypted. */
export async function generateSecretKey(organizationId: string, input: { kid?: string } = {}, options: KeyOptions = {}) {
  const secret = randomToken(48);
  const key = await saveKey({ organizationId, algorithm: "HS256", kid: chooseKid(input.kid, options), publicKeyPem: null, secretEncrypted: sealJson(secret) });
  return { ...key, secret };
}

export function embedKeys(organizationId: string) {
  return listEmbedKeys(organizationId);
}

export async function revokeEmbedKey(organizationId: string, id: string) {
  const { count } = await revokeEmbedKeyRow(organizationId, id);
  if (count === 0) throw new AppError("NOT_FOUND", "No active embed key with that id in this organization.");
}
