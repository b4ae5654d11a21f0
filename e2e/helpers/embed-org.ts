import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

export interface EmbedSeedInput {
  allowedOrigins: string[];
  publicKeyPem: string;
  kid: string;
  /** Point the organization at the sandbox providers served by the app at this URL. */
  sandboxUrl?: string;
  /** Further examples/<name> integrations to list. */
  examples?: string[];
}

/**
 * Seeds a vendor organization into the running e2e server's database (e2e/fixtures/embed-seed.ts,
 * in its own process with the data directory's secrets) and answers its id.
 */
export function seedEmbedOrganization(port: number, input: EmbedSeedInput): Promise<{ organizationId: string }> {
  return runSeed(port, "e2e/fixtures/embed-seed.ts", input);
}

/** Runs a seed script of e2e/fixtures against the running e2e server's database; answers its last line as JSON. */
export async function runSeed<T>(port: number, script: string, input: object): Promise<T> {
  const dataDir = path.join(os.tmpdir(), `switchyard-e2e-${port}`);
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { sessionSecret: string; encryptionKey: string; postgresPassword: string };
  const databaseUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port + 1000}/switchyard`;
  const { stdout } = await promisify(execFile)("node", ["--import", "tsx", script], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      SEED_INPUT: JSON.stringify({ databaseUrl, ...input }),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: secrets.sessionSecret,
      ENCRYPTION_KEY: secrets.encryptionKey,
      LOG_LEVEL: "warn",
    },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}
