/**
 * Secrets the embedded default generates on first start and keeps in the data directory
 * (mode 0600), so a fresh clone needs no configuration and restarts keep sessions and
 * encrypted credentials readable.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const secretsSchema = z.object({
  sessionSecret: z.string().min(32),
  encryptionKey: z.string().min(40),
  /** Keys a rotation is moving away from: still read until every value is re-encrypted. */
  previousEncryptionKeys: z.array(z.string().min(40)).optional(),
  postgresPassword: z.string().min(16),
});

export type GeneratedSecrets = z.infer<typeof secretsSchema>;

export function secretsFile(dataDir: string): string {
  return path.join(dataDir, "secrets.json");
}

export function loadSecrets(dataDir: string): GeneratedSecrets | null {
  const file = secretsFile(dataDir);
  if (!existsSync(file)) return null;
  const parsed = secretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is damaged; restore it from a backup (stored credentials cannot be read without it).`);
  return parsed.data;
}

export function loadOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const existing = loadSecrets(dataDir);
  if (existing) return existing;
  const secrets: GeneratedSecrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("base64"),
    postgresPassword: randomBytes(18).toString("base64url"),
  };
  writeFileSync(secretsFile(dataDir), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return secrets;
}

/** Replaces the file in one step (write a sibling, then rename), so a crash leaves the old or the new one. */
export function saveSecrets(dataDir: string, secrets: GeneratedSecrets): void {
  const file = secretsFile(dataDir);
  const next = `${file}.${process.pid}.tmp`;
  const { previousEncryptionKeys, ...rest } = secretsSchema.parse(secrets);
  const content = previousEncryptionKeys?.length ? { ...rest, previousEncryptionKeys } : rest;
  writeFileSync(next, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(next, file);
}
