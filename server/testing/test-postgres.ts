/**
 * A throw-away Postgres for a test run: the same embedded binaries the product uses, in a fresh
 * temporary directory (reachable by the `postgres` OS user wherever the checkout lives), with a
 * fresh database migrated exactly as `npm start` migrates.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from "@/server/db/embedded-postgres";
import { migrate } from "@/server/db/migrator";
import { migrateQueue } from "@/server/worker/start-worker";
import { freePort } from "./free-port";

export interface TestPostgres {
  postgres: RunningPostgres;
  /** Creates and migrates a new database on the cluster and returns its URL. */
  freshDatabase(prefix?: string): Promise<string>;
  /** Stops the server (fast shutdown) and keeps its data, for tests of a database outage. */
  pause(): Promise<void>;
  /** Starts the paused server again on the same data, port and password. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestPostgres(settings?: Record<string, string>): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-test-"));
  chmodSync(dir, 0o755);
  const options = {
    dataDir: path.join(dir, "pg"),
    port: await freePort(),
    password: randomBytes(12).toString("hex"),
    logFile: path.join(dir, "postgres.log"),
    settings,
  };
  let postgres = await startEmbeddedPostgres(options);
  let paused = false;
  return {
    get postgres() {
      return postgres;
    },
    async freshDatabase(prefix = "test") {
      const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
      await ensureDatabase(postgres.url("postgres"), name);
      const url = postgres.url(name);
      await migrate(url, path.resolve(process.cwd(), "prisma", "migrations"));
      await migrateQueue(url);
      return url;
    },
    async pause() {
      await postgres.stop();
      paused = true;
    },
    async resume() {
      postgres = await startEmbeddedPostgres(options);
      paused = false;
    },
    async stop() {
      if (!paused) await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
