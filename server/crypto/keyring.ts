/**
 * The key that encrypts stored credentials in this process. Set once at start (the launcher, a
 * worker, or tests); the web process falls back to its runtime configuration on first use.
 */
import { runtimeConfig } from "@/server/env";
import { decryptJson, encryptJson } from "./secret-box";

let current: Buffer | undefined;

export function useEncryptionKey(key: Buffer): void {
  if (key.length !== 32) throw new Error("the encryption key must be 32 bytes");
  current = key;
}

export function encryptionKey(): Buffer {
  current ??= runtimeConfig().encryptionKey;
  return current;
}

export function sealJson(value: unknown): string {
  return encryptJson(value, encryptionKey());
}

export function openJson<T>(sealed: string): T {
  return decryptJson<T>(sealed, encryptionKey());
}
