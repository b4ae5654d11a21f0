import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Runs a seed script of e2e/fixtures/ in its own process against the running e2e server's
 * database, with the data directory's secrets, its input as JSON in SEED_INPUT (beside
 * `databaseUrl`), and answers the JSON the script prints as its last line.
 */
export async function runSeedScript<T>(port: number, script: string, input: object): Promise<T> {
  const dataDir = path.join(os.tmpdir(), `switchyard-e2e-${port}`);
  const secrets = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
    sessionSecret: string;
    encryptionKey: string;
    postgresPassword: string;
  };
  const databaseUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port + 1000}/switchyard`;
  const { stdout } = await promisify(execFile)("node", ["--import", "tsx", script], {
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
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}
