/**
 * Authenticated encryption for credentials at rest (AES-256-GCM). The output names the key it was
 * sealed with so a rotation can tell old ciphertexts from new ones.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyId(key), iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

/** The id of the key a sealed value names, or null when the text is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(":");
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

export function decryptSecret(sealed: string, key: Buffer): string {
  const parts = sealed.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError("not a sealed secret");
  const [, sealedKeyId, iv, tag, ciphertext] = parts;
  if (sealedKeyId !== keyId(key)) throw new DecryptionError(`sealed with another key (${sealedKeyId})`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("ciphertext was altered or the key is wrong");
  }
}

export function encryptJson(value: unknown, key: Buffer): string {
  return encryptSecret(JSON.stringify(value), key);
}

export function decryptJson<T>(sealed: string, key: Buffer): T {
  return JSON.parse(decryptSecret(sealed, key)) as T;
}
