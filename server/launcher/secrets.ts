/**
 * Secrets the embedded default generates on first start and keeps in the data directory
 * (mode 0600), so a fresh clone needs no configuration and restarts keep sessions and
 * encrypted credentials readable.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const secretsSchema = z.object({
  sessionSecret: z.string().min(32),
  encryptionKey: z.string().min(40),
  postgresPassword: z.string().min(16),
});

export type GeneratedSecrets = z.infer<typeof secretsSchema>;

export function loadOrCreateSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    const parsed = secretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} is damaged; restore it from a backup (stored credentials cannot be read without it).`);
    return parsed.data;
  }
  const secrets: GeneratedSecrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("base64"),
    postgresPassword: randomBytes(18).toString("base64url"),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return secrets;
}
