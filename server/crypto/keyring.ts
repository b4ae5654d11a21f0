/**
 * The keys that encrypt stored credentials in this process. New values are always sealed with the
 * current key; values sealed with a previous key (named in the sealed envelope) stay readable, so
 * a key can be rotated while the application runs (see scripts/rotate-encryption-key.ts). Set once
 * at start (the launcher, a worker, or tests); the web process falls back to its runtime
 * configuration on first use.
 */
import { runtimeConfig } from "@/server/env";
import { processSingleton } from "@/server/process-singleton";
import { DecryptionError, decryptJson, encryptJson, keyId, sealedKeyId } from "./secret-box";

/** The process's: a key set at start holds for every copy of this module (server/process-singleton.ts). */
const keys = processSingleton<{ current?: Buffer; previous: Buffer[] }>("crypto.keys", () => ({ previous: [] }));

function checkLength(key: Buffer): void {
  if (key.length !== 32) throw new Error("the encryption key must be 32 bytes");
}

export function useEncryptionKey(key: Buffer, previousKeys: readonly Buffer[] = []): void {
  checkLength(key);
  previousKeys.forEach(checkLength);
  keys.current = key;
  keys.previous = previousKeys.filter((k) => !k.equals(key));
}

export function encryptionKey(): Buffer {
  if (!keys.current) {
    const config = runtimeConfig();
    useEncryptionKey(config.encryptionKey, config.previousEncryptionKeys);
  }
  return keys.current!;
}

/** The current key and the previous ones still accepted for reading. */
export function readableKeys(): Buffer[] {
  return [encryptionKey(), ...keys.previous];
}

/** The key a sealed value was sealed with, among those this process knows. */
export function keyFor(sealed: string, keys: readonly Buffer[] = readableKeys()): Buffer {
  const id = sealedKeyId(sealed);
  if (id === null) throw new DecryptionError("not a sealed secret");
  const key = keys.find((k) => keyId(k) === id);
  if (!key) throw new DecryptionError(`sealed with key ${id}, which is neither ENCRYPTION_KEY nor one of ENCRYPTION_KEY_PREVIOUS`);
  return key;
}

export function sealJson(value: unknown): string {
  return encryptJson(value, encryptionKey());
}

export function openJson<T>(sealed: string): T {
  return decryptJson<T>(sealed, keyFor(sealed));
}
