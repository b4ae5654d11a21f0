import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

export interface ReconnectSeedInput {
  organizationId?: string;
  memberEmail?: string;
  customerExternalId?: string;
  customerName?: string;
  sandboxUrl?: string;
  evaluateAlerts?: boolean;
  evaluateOnly?: boolean;
}

export interface ReconnectSeedResult {
  organizationId: string;
  instanceId?: string;
  customerId?: string;
  connectionId?: string;
  executionId?: string;
  opened: string[];
  resolved?: string[];
}

/** Runs e2e/fixtures/reconnect-seed.ts against the running e2e server's database, with its secrets. */
export async function runReconnectSeed(port: number, input: ReconnectSeedInput): Promise<ReconnectSeedResult> {
  const dataDir = path.join(os.tmpdir(), `switchyard-e2e-${port}`);
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { sessionSecret: string; encryptionKey: string; postgresPassword: string };
  const databaseUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port + 1000}/switchyard`;
  const { stdout } = await promisify(execFile)("node", ["--import", "tsx", "e2e/fixtures/reconnect-seed.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      SEED_INPUT: JSON.stringify({ databaseUrl, ...input }),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: secrets.sessionSecret,
      ENCRYPTION_KEY: secrets.encryptionKey,
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: "warn",
    },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as ReconnectSeedResult;
}
